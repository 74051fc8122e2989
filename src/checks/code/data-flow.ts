import type { Expr, FunctionIR, ModuleIR } from './ir.js';
import { walkFunction } from './ir.js';
import { INPUT, isSecretName, Taint } from './taint.js';

const SOURCE_PARAMS = new Set(['event', 'evt', 'req', 'request']);
/** Route handlers of Flask, FastAPI, Starlette, Django Ninja and NestJS: their parameters come from the request. */
const ROUTE_DECORATOR = /^@(\w+\.)*(route|get|post|put|patch|delete|api_route|websocket)\s*\(|^@(Get|Post|Put|Patch|Delete|All)\s*\(/;
const NOT_INPUT_PARAM = /^(self|cls|db|session|background_tasks|response|settings|current_user|user)$/;
const CONTEXT_PARAMS = new Set(['context', 'ctx', '_context', 'lambda_context', '_ctx']);
const TRUSTED_MEMBERS = new Set(['requestContext', 'authorizer']);
const CLEAR_ALL = new Set(['int', 'float', 'bool', 'len', 'Number', 'parseInt', 'parseFloat', 'Boolean', 'UUID', 'hexdigest', 'digest', 'isdigit', 'isinstance', 'startswith', 'startsWith', 'includes', 'test', 'match', 'fullmatch']);
const SANITIZERS: Record<string, number> = {
  basename: Taint.PATH, secure_filename: Taint.PATH, normpath: Taint.PATH, realpath: Taint.PATH,
  abspath: Taint.PATH, normalize: Taint.PATH, resolve: Taint.PATH,
  quote: Taint.COMMAND, escape: Taint.SQL | Taint.COMMAND, escape_string: Taint.SQL,
  encodeURIComponent: Taint.PATH | Taint.COMMAND | Taint.CODE,
};
/** `Path(x).name` is the last component, like basename. */
const PATH_PARTS = new Set(['name', 'stem']);
const SECRET_CALLS = /(^|\.)(get_secret_value|getSecretValue|GetSecretValueCommand|get_parameter|getParameter|GetParameterCommand|get_secret)$/;
const SECRET_MEMBERS = new Set(['SecretString', 'SecretBinary']);

/**
 * Flow-insensitive taint tracking over one module: from the handler's event parameter (Lambda
 * `(event, context)`, Express-style `req`) through local bindings, calls and the module's own
 * functions, to the point where a rule asks.
 */
export class DataFlow {
  private readonly aliases = new Map<string, string>();
  private readonly imports = new Map<string, { module: string; member: string | null }>();
  private readonly byName = new Map<string, FunctionIR>();
  private readonly bound = new Map<FunctionIR, Map<string, Expr[]>>();
  private readonly taints = new Map<FunctionIR, Map<string, number>>();
  private readonly calls = new Map<FunctionIR, Array<Extract<Expr, { kind: 'call' }>>>();
  /** Taint of each expression, filled once propagation has settled (values are final then). */
  private readonly settled = new Map<Expr, number>();
  private propagated = false;
  /** Qualified names, filled once every import and require alias is known. */
  private readonly qualified = new Map<Expr, string | null>();
  private aliasesKnown = false;

  /**
   * @param seeds taint of the parameters of this module's top-level functions, by function name, as
   * other files of the bundle call them (see `externalCalls`).
   */
  constructor(readonly module: ModuleIR, private readonly seeds: ReadonlyMap<string, readonly number[]> = new Map()) {
    for (const fn of module.functions) {
      const names = new Map<string, Expr[]>();
      for (const param of fn.params) for (const p of param) names.set(p, []);
      for (const stmt of fn.body) {
        if (stmt.kind === 'import') {
          this.aliases.set(stmt.local, stmt.qualified);
          this.imports.set(stmt.local, { module: stmt.module, member: stmt.member });
        }
        if (stmt.kind === 'bind') for (const n of stmt.names) names.set(n, [...(names.get(n) ?? []), stmt.value]);
      }
      this.bound.set(fn, names);
      this.taints.set(fn, new Map());
      if (fn.parent && !fn.name.startsWith('<') && !this.byName.has(fn.name)) this.byName.set(fn.name, fn);
      this.seedSources(fn);
    }
    this.collectRequireAliases();
    this.aliasesKnown = true;
    this.propagate();
    this.propagated = true;
  }

  /** The dotted name an expression stands for, imports resolved: `sp.run` → `subprocess.run`. */
  qualify(expr: Expr, fn: FunctionIR, depth = 0): string | null {
    if (!this.aliasesKnown) return this.computeQualified(expr, fn, depth);
    const known = this.qualified.get(expr);
    if (known !== undefined) return known;
    const value = this.computeQualified(expr, fn, depth);
    this.qualified.set(expr, value);
    return value;
  }

  private computeQualified(expr: Expr, fn: FunctionIR, depth: number): string | null {
    if (depth > 6) return null;
    switch (expr.kind) {
      case 'name': {
        const alias = this.aliases.get(expr.name);
        if (alias) return normaliseModule(alias);
        const values = this.bindingsOf(expr.name, fn);
        const only = values?.length === 1 ? values[0] : undefined;
        if (only && (only.kind === 'call' || only.kind === 'member' || only.kind === 'name')) {
          return this.qualify(only, fn, depth + 1) ?? expr.name;
        }
        return expr.name;
      }
      case 'member': {
        const object = this.qualify(expr.object, fn, depth + 1);
        return object ? `${object}.${expr.property}` : `?.${expr.property}`;
      }
      case 'call': {
        const callee = this.qualify(expr.callee, fn, depth + 1);
        if (callee === 'require' || callee === 'import') {
          const arg = expr.args[0];
          return arg?.kind === 'string' ? normaliseModule(arg.value) : null;
        }
        if (callee && /(^|\.)promisify$/.test(callee) && expr.args[0]) return this.qualify(expr.args[0], fn, depth + 1);
        return callee ? `${callee}()` : null;
      }
      default:
        return null;
    }
  }

  /** The taint bits of an expression evaluated inside `fn`. */
  taint(expr: Expr, fn: FunctionIR, depth = 0): number {
    if (!this.propagated) return this.computeTaint(expr, fn, depth);
    const known = this.settled.get(expr);
    if (known !== undefined) return known;
    const value = this.computeTaint(expr, fn, depth);
    this.settled.set(expr, value);
    return value;
  }

  private computeTaint(expr: Expr, fn: FunctionIR, depth: number): number {
    if (depth > 40) return 0;
    const d = depth + 1;
    switch (expr.kind) {
      case 'string':
      case 'literal':
      case 'function':
        return 0;
      case 'name':
        return this.nameTaint(expr.name, fn);
      case 'member': {
        if (TRUSTED_MEMBERS.has(expr.property)) return 0;
        if (PATH_PARTS.has(expr.property) && expr.object.kind === 'call' && /(^|\.)(Pure)?(Posix|Windows)?Path$/.test(this.qualify(expr.object.callee, fn) ?? '')) {
          return this.taint(expr.object, fn, d) & ~Taint.PATH;
        }
        const secret = SECRET_MEMBERS.has(expr.property) || (this.isEnvironment(expr.object, fn) && isSecretName(expr.property)) ? Taint.SECRET : 0;
        return this.taint(expr.object, fn, d) | secret;
      }
      case 'index':
        return this.taint(expr.object, fn, d);
      case 'call':
        return this.callTaint(expr, fn, d);
      case 'interpolation':
        return this.taintOfAll(expr.parts, fn, d);
      case 'binary':
        return this.taint(expr.left, fn, d) | this.taint(expr.right, fn, d);
      case 'object': {
        let mask = 0;
        for (const p of expr.properties) mask |= this.taint(p.value, fn, d);
        return mask;
      }
      case 'array':
        return this.taintOfAll(expr.items, fn, d);
      case 'other':
        return this.taintOfAll(expr.children, fn, d);
    }
  }

  private taintOfAll(exprs: readonly Expr[], fn: FunctionIR, depth: number): number {
    let mask = 0;
    for (const e of exprs) mask |= this.taint(e, fn, depth);
    return mask;
  }

  /** Whether the expression is the whole request (the event, its headers, or a dump of either). */
  isWholeInput(expr: Expr, fn: FunctionIR): boolean {
    switch (expr.kind) {
      case 'name':
        return this.isSourceParam(expr.name, fn);
      case 'member':
        return (expr.property === 'headers' || expr.property === 'multiValueHeaders') && this.taint(expr.object, fn) !== 0;
      case 'call': {
        const callee = this.qualify(expr.callee, fn) ?? '';
        return /(^|\.)(dumps|stringify|inspect|str|repr|format)$/.test(callee) && expr.args.some((a) => this.isWholeInput(a, fn));
      }
      case 'interpolation':
        return expr.parts.some((p) => this.isWholeInput(p, fn));
      case 'object':
        return expr.properties.some((p) => this.isWholeInput(p.value, fn));
      case 'array':
        return expr.items.some((i) => this.isWholeInput(i, fn));
      case 'binary':
        return this.isWholeInput(expr.left, fn) || this.isWholeInput(expr.right, fn);
      default:
        return false;
    }
  }

  /** The values bound to `name` in the scope that `fn` sees it in (nearest enclosing function). */
  bindingsOf(name: string, fn: FunctionIR): Expr[] | undefined {
    for (let scope: FunctionIR | null = fn; scope; scope = scope.parent) {
      const values = this.bound.get(scope)?.get(name);
      if (values) return values;
    }
    return undefined;
  }

  /**
   * A name bound only to dict/object literals or `new Map(...)`: `ALLOWED.get(input)` answers one of
   * the table's own values (an allow-list lookup), not the key it was asked with.
   */
  private isLookupTable(expr: Expr, fn: FunctionIR): boolean {
    if (expr.kind !== 'name') return false;
    const values = this.bindingsOf(expr.name, fn);
    return values !== undefined && values.length > 0 && values.every((v) =>
      v.kind === 'object' || (v.kind === 'call' && /^(Map|dict|types\.MappingProxyType|MappingProxyType)$/.test(this.qualify(v.callee, fn) ?? '')));
  }

  private isEnvironment(expr: Expr, fn: FunctionIR): boolean {
    const q = this.qualify(expr, fn);
    return q === 'os.environ' || q === 'process.env' || q === 'os.environ.get' || q === 'os.getenv';
  }

  private callTaint(expr: Extract<Expr, { kind: 'call' }>, fn: FunctionIR, depth: number): number {
    const callee = this.qualify(expr.callee, fn) ?? '';
    const last = callee.slice(callee.lastIndexOf('.') + 1);
    let fromArgs = this.taintOfAll(expr.args, fn, depth);
    for (const k of expr.keywords) fromArgs |= this.taint(k.value, fn, depth);
    const fromReceiver = expr.callee.kind === 'member' ? this.taint(expr.callee.object, fn, depth) : 0;
    if (SECRET_CALLS.test(callee)) return Taint.SECRET | fromArgs;
    if (callee === 'os.environ.get' || callee === 'os.getenv') {
      const key = expr.args[0];
      return key?.kind === 'string' && isSecretName(key.value) ? Taint.SECRET : 0;
    }
    if (CLEAR_ALL.has(last)) return (fromArgs | fromReceiver) & Taint.SECRET;
    if (last === 'get' && expr.callee.kind === 'member' && this.isLookupTable(expr.callee.object, fn)) return fromReceiver;
    const cleared = SANITIZERS[last] ?? 0;
    return (fromArgs | fromReceiver) & ~cleared;
  }

  private nameTaint(name: string, fn: FunctionIR): number {
    for (let scope: FunctionIR | null = fn; scope; scope = scope.parent) {
      if (this.bound.get(scope)?.has(name)) return this.taints.get(scope)?.get(name) ?? 0;
    }
    const global = this.aliases.get(name);
    return global && /^(flask|werkzeug|quart|sanic)\b.*\.request$/.test(global) ? INPUT : 0;
  }

  private isSourceParam(name: string, fn: FunctionIR): boolean {
    for (let scope: FunctionIR | null = fn; scope; scope = scope.parent) {
      if (this.bound.get(scope)?.has(name)) return this.sourceNames(scope).has(name);
    }
    return false;
  }

  private sourceNames(fn: FunctionIR): Set<string> {
    const names = new Set<string>();
    if (fn.decorators.some((d) => ROUTE_DECORATOR.test(d))) {
      for (const p of fn.params.flat()) if (!NOT_INPUT_PARAM.test(p)) names.add(p);
    }
    fn.params.forEach((param, i) => {
      const single = param.length === 1 ? param[0] : undefined;
      if (single && SOURCE_PARAMS.has(single)) names.add(single);
      const nextParam = fn.params[i + 1];
      const beforeContext = nextParam?.length === 1 && CONTEXT_PARAMS.has(nextParam[0] ?? '');
      const handlerFirst = i === 0 && /handler$/i.test(fn.name);
      if (beforeContext || handlerFirst) for (const p of param) if (p !== 'self') names.add(p);
    });
    return names;
  }

  private seedSources(fn: FunctionIR): void {
    const taints = this.taints.get(fn);
    for (const name of this.sourceNames(fn)) taints?.set(name, INPUT);
    const seeded = fn.parent?.parent === null ? this.seeds.get(fn.name) : undefined;
    seeded?.forEach((mask, i) => {
      for (const name of fn.params[i] ?? []) if (mask && taints) merge(taints, name, mask);
    });
  }

  /** Calls into other modules' functions with tainted arguments: what the bundle passes to its other files. */
  externalCalls(): ExternalCall[] {
    const calls: ExternalCall[] = [];
    for (const fn of this.module.functions) {
      walkFunction(fn, (e) => {
        if (e.kind !== 'call') return;
        const callee = e.callee;
        const direct = callee.kind === 'name' ? this.imports.get(callee.name) : undefined;
        const viaNamespace = callee.kind === 'member' && callee.object.kind === 'name' ? this.imports.get(callee.object.name) : undefined;
        const target = direct?.member ? { module: direct.module, member: direct.member }
          : viaNamespace && viaNamespace.member === null && callee.kind === 'member' ? { module: viaNamespace.module, member: callee.property } : undefined;
        if (!target) return;
        const args = e.args.map((a) => this.taint(a, fn));
        if (args.some((m) => m !== 0)) calls.push({ ...target, args });
      });
    }
    return calls;
  }

  private collectRequireAliases(): void {
    for (const fn of this.module.functions) {
      for (const stmt of fn.body) {
        if (stmt.kind !== 'bind' || stmt.names.length === 0) continue;
        const required = requiredModule(stmt.value);
        if (required && stmt.names.length === 1 && stmt.names[0] && !this.imports.has(stmt.names[0])) this.imports.set(stmt.names[0], required);
        const q = this.requireTarget(stmt.value, fn);
        if (!q) continue;
        for (const name of stmt.names) if (!this.aliases.has(name)) this.aliases.set(name, q);
      }
    }
  }

  /** `require('x')`, `require('x').y`, `promisify(exec)` and destructured members of those. */
  private requireTarget(expr: Expr, fn: FunctionIR): string | null {
    if (expr.kind === 'member') {
      const object = this.requireTarget(expr.object, fn);
      return object ? `${object}.${expr.property}` : null;
    }
    if (expr.kind !== 'call' || expr.callee.kind !== 'name') return null;
    if (expr.callee.name === 'require' && expr.args[0]?.kind === 'string') return normaliseModule(expr.args[0].value);
    if (expr.callee.name === 'promisify' && expr.args[0]) return this.qualify(expr.args[0], fn);
    return null;
  }

  private propagate(): void {
    for (let round = 0, changed = true; changed && round < 12; round += 1) {
      changed = false;
      for (const fn of this.module.functions) {
        const taints = this.taints.get(fn);
        if (!taints) continue;
        for (const stmt of fn.body) {
          if (stmt.kind !== 'bind') continue;
          const value = this.taint(stmt.value, fn);
          if (value === 0) continue;
          for (const name of stmt.names) changed = merge(taints, name, value) || changed;
        }
        for (const call of this.callsOf(fn)) changed = this.propagateCall(call, fn) || changed;
      }
    }
  }

  private callsOf(fn: FunctionIR): Array<Extract<Expr, { kind: 'call' }>> {
    let calls = this.calls.get(fn);
    if (!calls) {
      const found: Array<Extract<Expr, { kind: 'call' }>> = [];
      walkFunction(fn, (e) => {
        if (e.kind === 'call' && (e.callee.kind === 'name' || e.callee.kind === 'member')) found.push(e);
      });
      calls = found;
      this.calls.set(fn, calls);
    }
    return calls;
  }

  /** Arguments of a call to one of the module's own functions taint its parameters. */
  private propagateCall(call: Extract<Expr, { kind: 'call' }>, fn: FunctionIR): boolean {
    const callee = call.callee.kind === 'name' ? call.callee.name
      : call.callee.kind === 'member' && call.callee.object.kind === 'name' && /^(self|this|cls)$/.test(call.callee.object.name) ? call.callee.property
        : undefined;
    const target = callee ? this.byName.get(callee) : undefined;
    const taints = target ? this.taints.get(target) : undefined;
    if (!target || !taints) return false;
    const offset = target.params[0]?.[0] === 'self' || target.params[0]?.[0] === 'cls' ? 1 : 0;
    let changed = false;
    call.args.forEach((arg, i) => {
      const value = this.taint(arg, fn);
      for (const name of target.params[i + offset] ?? []) if (value) changed = merge(taints, name, value) || changed;
    });
    for (const keyword of call.keywords) {
      const value = this.taint(keyword.value, fn);
      if (value && target.params.some((p) => p.includes(keyword.name))) changed = merge(taints, keyword.name, value) || changed;
    }
    return changed;
  }
}

export interface ExternalCall {
  /** The module as written in the import (`./db.js`, `src.repository`, `.models`). */
  module: string;
  member: string;
  /** Taint of each positional argument. */
  args: number[];
}

/** `require('./x')` (the module) and `require('./x').y` / `const { y } = require('./x')` (its member). */
function requiredModule(expr: Expr): { module: string; member: string | null } | null {
  const isRequire = (e: Expr): e is Extract<Expr, { kind: 'call' }> =>
    e.kind === 'call' && e.callee.kind === 'name' && e.callee.name === 'require' && e.args[0]?.kind === 'string';
  const spec = (e: Extract<Expr, { kind: 'call' }>): string => (e.args[0]?.kind === 'string' ? e.args[0].value : '');
  if (isRequire(expr)) return { module: spec(expr), member: null };
  if (expr.kind === 'member' && isRequire(expr.object)) return { module: spec(expr.object), member: expr.property };
  return null;
}

function merge(taints: Map<string, number>, name: string, value: number): boolean {
  const before = taints.get(name) ?? 0;
  const after = before | value;
  if (after === before) return false;
  taints.set(name, after);
  return true;
}

function normaliseModule(name: string): string {
  return name.replace(/^node:/, '').replace(/^fs\/promises\b/, 'fs').replace(/^fs\.promises\b/, 'fs').replace(/^fs-extra\b/, 'fs');
}
