import type { Finding, Severity } from '../../domain/validation-result.js';
import type { DataFlow } from './data-flow.js';
import type { Expr, FunctionIR, ModuleIR, Pos, Stmt } from './ir.js';
import { stmtExprs, walkExpr, walkFunction } from './ir.js';

export type CodeLanguage = 'python' | 'javascript' | 'typescript';

export interface CodeRuleContext {
  file: string;
  language: CodeLanguage;
  module: ModuleIR;
  flow: DataFlow;
  /** Every call of the module, resolved once for all rules (see `collectCallSites`). */
  calls: readonly CallSite[];
}

export type CallExpr = Extract<Expr, { kind: 'call' }>;

/** A security rule over the shared tree: returns its findings for one file. */
export type CodeRule = (ctx: CodeRuleContext) => Finding[];

export interface FindingSpec {
  ruleId: string;
  cwe: string;
  severity: Severity;
  message: string;
  fix: string;
}

export function findingAt(ctx: CodeRuleContext, pos: Pos, spec: FindingSpec): Finding {
  return {
    file: ctx.file,
    line: pos.line,
    column: pos.column,
    ruleId: spec.ruleId,
    category: spec.cwe,
    severity: spec.severity,
    message: spec.message,
    fix: spec.fix,
  };
}

export interface CallSite {
  call: CallExpr;
  fn: FunctionIR;
  stmt: Stmt;
  /** The callee's dotted name with imports resolved, e.g. `subprocess.run`, `?.execute`. */
  name: string;
}

/** Every call in the module with its resolved name. */
export function collectCallSites(module: ModuleIR, flow: DataFlow): CallSite[] {
  const sites: CallSite[] = [];
  for (const fn of module.functions) {
    walkFunction(fn, (e, stmt) => {
      if (e.kind === 'call') sites.push({ call: e, fn, stmt, name: flow.qualify(e.callee, fn) ?? '' });
    });
  }
  return sites;
}

export function callSites(ctx: CodeRuleContext): readonly CallSite[] {
  return ctx.calls;
}

/** Positional argument `index`, or the keyword argument `keyword` (Python). */
export function argument(call: CallExpr, index: number, keyword?: string): Expr | undefined {
  const byKeyword = keyword ? call.keywords.find((k) => k.name === keyword)?.value : undefined;
  return byKeyword ?? call.args[index];
}

export function keywordValue(call: CallExpr, name: string): Expr | undefined {
  return call.keywords.find((k) => k.name === name)?.value;
}

/** The value of property `key` in any object-literal argument of the call (JS options objects). */
export function optionValue(call: CallExpr, key: string): Expr | undefined {
  for (const arg of call.args) {
    if (arg.kind !== 'object') continue;
    const property = arg.properties.find((p) => p.key === key);
    if (property) return property.value;
  }
  return undefined;
}

export function isLiteral(expr: Expr | undefined, value: boolean | number | null): boolean {
  return expr?.kind === 'literal' && expr.value === value;
}

/** True for values that cannot carry anything from outside: literals and containers of literals. */
export function isConstant(expr: Expr): boolean {
  switch (expr.kind) {
    case 'string':
    case 'literal':
      return true;
    case 'binary':
      return isConstant(expr.left) && isConstant(expr.right);
    case 'array':
      return expr.items.every(isConstant);
    default:
      return false;
  }
}

/** The identifiers a statement mentions, split into lower-case words (`userToken` → user, token). */
export function statementWords(stmt: Stmt, fn: FunctionIR): Set<string> {
  const names: string[] = [fn.name];
  if (stmt.kind === 'bind') names.push(...stmt.names);
  for (const root of stmtExprs(stmt)) {
    walkExpr(root, (e) => {
      if (e.kind === 'name') names.push(e.name);
      else if (e.kind === 'member') names.push(e.property);
      else if (e.kind === 'object') for (const p of e.properties) if (p.key) names.push(p.key);
    });
  }
  return new Set(names.flatMap(splitWords));
}

export function splitWords(identifier: string): string[] {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Follows a name to the single value bound to it, so `sql = f"…"; cur.execute(sql)` sees the f-string. */
export function resolveValue(ctx: CodeRuleContext, expr: Expr, fn: FunctionIR): Expr[] {
  if (expr.kind !== 'name') return [expr];
  const values = ctx.flow.bindingsOf(expr.name, fn);
  return values && values.length > 0 ? values : [expr];
}
