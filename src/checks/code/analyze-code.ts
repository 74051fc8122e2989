import type { Finding } from '../../domain/validation-result.js';
import { DataFlow } from './data-flow.js';
import type { ModuleIR } from './ir.js';
import type { CodeLanguage, CodeRuleContext } from './rule-context.js';
import { collectCallSites } from './rule-context.js';
import { weakCipher } from './rules/cipher-rules.js';
import { hardcodedCredentials } from './rules/credential-rules.js';
import { insecureRandom, tlsVerificationDisabled, weakHash } from './rules/crypto-rules.js';
import { codeInjection, commandInjection, sqlInjection } from './rules/injection-rules.js';
import { pathTraversal, serverSideRequestForgery } from './rules/input-flow-rules.js';
import { sensitiveLogging } from './rules/log-rules.js';
import { unsafeDeserialization, xmlExternalEntities } from './rules/parser-rules.js';

const RULES = [
  sqlInjection, commandInjection, codeInjection, pathTraversal, serverSideRequestForgery, weakHash, insecureRandom,
  tlsVerificationDisabled, unsafeDeserialization, xmlExternalEntities, sensitiveLogging, weakCipher,
] as const;

/** Runs every security rule over one lowered file; one finding per rule and line. */
export function securityFindings(file: string, language: CodeLanguage, module: ModuleIR, isTest: boolean, flow = new DataFlow(module)): Finding[] {
  const ctx: CodeRuleContext = { file, language, module, flow, calls: collectCallSites(module, flow) };
  const findings = [...RULES.flatMap((rule) => rule(ctx)), ...hardcodedCredentials(ctx, { namedValues: !isTest })];
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
