import type { Finding } from '../../../domain/validation-result.js';
import { isSecretName, Taint } from '../taint.js';
import type { Expr } from '../ir.js';
import { childExprs } from '../ir.js';
import type { CallSite, CodeRuleContext, FindingSpec } from '../rule-context.js';
import { callSites, findingAt } from '../rule-context.js';

const LOG_METHODS = /^(debug|info|warning|warn|error|exception|critical|fatal|log|trace|notice)$/;
const LOGGER_NAME = /log|pino|winston|bunyan|console/i;
const HARMLESS_WRAPPERS = new Set(['len', 'bool', 'type', 'isinstance', 'Boolean', 'typeof', 'mask', 'redact']);

function isLogCall(site: CallSite): boolean {
  const { call, name } = site;
  if (name === 'print') return true;
  if (call.callee.kind !== 'member' || !LOG_METHODS.test(call.callee.property)) return false;
  const receiver = call.callee.object;
  const raw = receiver.kind === 'name' ? receiver.name : receiver.kind === 'member' ? receiver.property : '';
  return LOGGER_NAME.test(raw) || LOGGER_NAME.test(name.slice(0, name.lastIndexOf('.')));
}

/** Whether any identifier inside the expression is named like a secret (`password`, `apiKey`). */
function mentionsSecretName(expr: Expr): boolean {
  if (expr.kind === 'name') return isSecretName(expr.name);
  if (expr.kind === 'member' && isSecretName(expr.property)) return true;
  if (expr.kind === 'call' && expr.callee.kind === 'name' && HARMLESS_WRAPPERS.has(expr.callee.name)) return false;
  return childExprs(expr).some(mentionsSecretName);
}

const WHOLE_EVENT: FindingSpec = {
  ruleId: 'security/sensitive-logging',
  cwe: 'CWE-532',
  severity: 'error',
  message: 'The whole request event (or its headers) is written to the log, with any tokens and personal data in it.',
  fix: 'Log only the fields you need (request id, route, status), never the raw event or its headers.',
};

const SECRET_VALUE: FindingSpec = {
  ...WHOLE_EVENT,
  message: 'A secret (password, token, key or fetched secret value) is written to the log.',
  fix: 'Do not log secrets; log that the value was present, or a short non-reversible fingerprint at most.',
};

export function sensitiveLogging(ctx: CodeRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const site of callSites(ctx)) {
    if (!isLogCall(site)) continue;
    const values = [...site.call.args, ...site.call.keywords.map((k) => k.value)];
    if (values.some((v) => ctx.flow.isWholeInput(v, site.fn))) {
      findings.push(findingAt(ctx, site.call.pos, WHOLE_EVENT));
    } else if (values.some((v) => (ctx.flow.taint(v, site.fn) & Taint.SECRET) !== 0 || mentionsSecretName(v))) {
      findings.push(findingAt(ctx, site.call.pos, SECRET_VALUE));
    }
  }
  return findings;
}
