/**
 * One small tree for every programming language the validator reads. The TypeScript and Python
 * front ends lower their syntax trees into it so that the security rules and the data-flow analysis
 * are written once. It keeps only what the rules look at: calls, names, members, strings (constant or
 * interpolated), bindings, and where each came from.
 */
export interface Pos {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

export interface Keyword {
  name: string;
  value: Expr;
}

export interface Property {
  /** The key when it is a plain name or a constant string, otherwise null. */
  key: string | null;
  value: Expr;
  pos: Pos;
}

export type Expr =
  | { kind: 'string'; value: string; pos: Pos }
  | { kind: 'literal'; value: number | boolean | null; pos: Pos }
  | { kind: 'name'; name: string; pos: Pos }
  | { kind: 'member'; object: Expr; property: string; pos: Pos }
  | { kind: 'index'; object: Expr; index: Expr; pos: Pos }
  | { kind: 'call'; callee: Expr; args: Expr[]; keywords: Keyword[]; isNew: boolean; pos: Pos }
  /**
   * An f-string or template literal with at least one expression part: `text` is all its literal text,
   * `head` the literal text before the first part.
   */
  | { kind: 'interpolation'; text: string; head: string; parts: Expr[]; pos: Pos }
  | { kind: 'binary'; operator: string; left: Expr; right: Expr; pos: Pos }
  | { kind: 'object'; properties: Property[]; pos: Pos }
  | { kind: 'array'; items: Expr[]; pos: Pos }
  | { kind: 'function'; fn: FunctionIR; pos: Pos }
  | { kind: 'other'; children: Expr[]; pos: Pos };

export type Stmt =
  /** A value bound to local names: assignment, declaration, destructuring, `for x in`, `with … as`. */
  | { kind: 'bind'; names: string[]; value: Expr; pos: Pos }
  /** A value stored into a member or index, e.g. `process.env.X = '0'`. */
  | { kind: 'store'; target: Expr; value: Expr; pos: Pos }
  /** Any other evaluated expression: expression statements, conditions, return values. */
  | { kind: 'eval'; expr: Expr; pos: Pos }
  /**
   * `local` names the module member `qualified` (dotted, e.g. `subprocess.run`): `member` of the
   * module `module` as written in the source (`./repository.js`, `.db`), or the module itself when null.
   */
  | { kind: 'import'; local: string; qualified: string; module: string; member: string | null; pos: Pos };

export interface FunctionIR {
  name: string;
  /** The names each parameter binds, in order (a destructured parameter binds several). */
  params: string[][];
  /** Every statement of this function's own body, nested blocks flattened; nested functions excluded. */
  body: Stmt[];
  pos: Pos;
  /** The enclosing function (the module pseudo-function for top-level ones); null for the module. */
  parent: FunctionIR | null;
  /** McCabe cyclomatic complexity of this function's own body. */
  complexity: number;
  /** True when the body only says "not written yet": `pass`, `...`, `raise NotImplementedError`, … */
  isPlaceholder: boolean;
  /** Decorators as written (`@app.get("/items/{id}")`), outermost first. */
  decorators: string[];
}

export interface CommentIR {
  text: string;
  pos: Pos;
}

export interface ModuleIR {
  /** The module pseudo-function first (name `<module>`), then every function in source order. */
  functions: FunctionIR[];
  comments: CommentIR[];
}

/** Calls `visit` on `expr` and every expression inside it, not entering nested function bodies. */
export function walkExpr(expr: Expr, visit: (e: Expr) => void): void {
  visit(expr);
  for (const child of childExprs(expr)) walkExpr(child, visit);
}

export function childExprs(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'member':
      return [expr.object];
    case 'index':
      return [expr.object, expr.index];
    case 'call':
      return [expr.callee, ...expr.args, ...expr.keywords.map((k) => k.value)];
    case 'interpolation':
      return expr.parts;
    case 'binary':
      return [expr.left, expr.right];
    case 'object':
      return expr.properties.map((p) => p.value);
    case 'array':
      return expr.items;
    case 'other':
      return expr.children;
    default:
      return [];
  }
}

export function stmtExprs(stmt: Stmt): Expr[] {
  switch (stmt.kind) {
    case 'bind':
      return [stmt.value];
    case 'store':
      return [stmt.target, stmt.value];
    case 'eval':
      return [stmt.expr];
    case 'import':
      return [];
  }
}

/** Calls `visit` on every expression of one function's own body. */
export function walkFunction(fn: FunctionIR, visit: (e: Expr, stmt: Stmt) => void): void {
  for (const stmt of fn.body) {
    for (const root of stmtExprs(stmt)) walkExpr(root, (e) => visit(e, stmt));
  }
}
