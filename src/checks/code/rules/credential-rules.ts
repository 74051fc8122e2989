import type { Finding } from '../../../domain/validation-result.js';
import { findSecrets, isPlaceholderValue } from '../../../sanitize/index.js';
import { isSecretName } from '../taint.js';
import type { Expr, Pos } from '../ir.js';
import { walkFunction } from '../ir.js';
import type { CodeRuleContext, FindingSpec } from '../rule-context.js';
import { findingAt } from '../rule-context.js';

/** Names and paths of where a secret is kept (`prod/db/password`, `my secret`), not the secret. */
const NOT_A_VALUE = /[\s{}<>$]|^[\w.-]+(\/[\w.-]+)+$|^(bearer|basic)$/i;

/**
 * Whether a literal given to a secret-named variable looks like a real value: the sanitizer's
 * placeholder rules (examples, references, templates, masks, env-variable names) plus locations.
 */
export function looksLikeSecretValue(value: string): boolean {
  return value.length >= 4 && !NOT_A_VALUE.test(value) && !isPlaceholderValue(value);
}

const DETECTED: FindingSpec = {
  ruleId: 'security/hardcoded-credentials',
  cwe: 'CWE-798',
  severity: 'error',
  message: 'Hard-coded credential in source code.',
  fix: 'Read it at run time from AWS Secrets Manager or SSM Parameter Store (or an environment variable set by the deployment).',
};

/** Secrets in string literals (the sanitizer's detectors) and literals given to secret-named variables. */
export function hardcodedCredentials(ctx: CodeRuleContext, options: { namedValues: boolean }): Finding[] {
  const findings: Finding[] = [];
  const named = (name: string | null, value: Expr, pos: Pos): void => {
    if (options.namedValues && name && isSecretName(name) && value.kind === 'string' && looksLikeSecretValue(value.value) && findSecrets(value.value).length === 0) {
      findings.push(findingAt(ctx, pos, { ...DETECTED, message: `Hard-coded credential assigned to "${name}".` }));
    }
  };
  for (const fn of ctx.module.functions) {
    for (const stmt of fn.body) {
      if (stmt.kind === 'bind') for (const name of stmt.names) named(name, stmt.value, stmt.pos);
      if (stmt.kind === 'store') {
        const key = stmt.target.kind === 'member' ? stmt.target.property : stmt.target.kind === 'index' && stmt.target.index.kind === 'string' ? stmt.target.index.value : null;
        named(key, stmt.value, stmt.pos);
      }
    }
    walkFunction(fn, (e) => {
      if (e.kind === 'string') {
        const types = [...new Set(findSecrets(e.value).map((m) => m.type))];
        if (types.length > 0) findings.push(findingAt(ctx, e.pos, { ...DETECTED, message: `Hard-coded credential in source code (${types.join(', ')}).` }));
      } else if (e.kind === 'object') {
        for (const p of e.properties) named(p.key, p.value, p.pos);
      } else if (e.kind === 'call') {
        for (const k of e.keywords) named(k.name, k.value, k.value.pos);
      }
    });
  }
  return findings;
}
