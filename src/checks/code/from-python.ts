import type { Node } from '@vscode/tree-sitter-wasm';
import type { CommentIR, Expr, FunctionIR, Keyword, ModuleIR, Pos, Property } from './ir.js';

const DECISIONS = new Set([
  'if_statement', 'elif_clause', 'for_statement', 'while_statement', 'except_clause', 'boolean_operator',
  'conditional_expression', 'for_in_clause', 'if_clause', 'case_clause',
]);
const WRAPPERS = new Set(['parenthesized_expression', 'await', 'expression_statement', 'type_conversion']);
const MAX_EXPRESSION_DEPTH = 300;
const NOT_IMPLEMENTED = /^raise\s+NotImplementedError\b/;

/** Lowers a tree-sitter Python syntax tree into the shared rule tree. */
export function lowerPython(root: Node): ModuleIR {
  return new PythonLowering().run(root);
}

function pos(node: Node): Pos {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

function named(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

class PythonLowering {
  private readonly functions: FunctionIR[] = [];
  private depth = 0;

  run(root: Node): ModuleIR {
    const module = this.newFunction('<module>', [], { line: 1, column: 1 }, null);
    this.block(root, module);
    const comments: CommentIR[] = root.descendantsOfType('comment')
      .filter((c): c is Node => c !== null)
      .map((c) => ({ text: c.text, pos: pos(c) }));
    return { functions: this.functions, comments };
  }

  private newFunction(name: string, params: string[][], at: Pos, parent: FunctionIR | null): FunctionIR {
    const fn: FunctionIR = { name, params, body: [], pos: at, parent, complexity: 1, isPlaceholder: false, decorators: [] };
    this.functions.push(fn);
    return fn;
  }

  private block(node: Node, fn: FunctionIR): void {
    for (const child of named(node)) this.statement(child, fn);
  }

  private statement(node: Node, fn: FunctionIR): void {
    if (DECISIONS.has(node.type)) fn.complexity += 1;
    switch (node.type) {
      case 'function_definition':
        this.functionDefinition(node, fn, []);
        return;
      case 'decorated_definition': {
        const definition = node.childForFieldName('definition');
        const decorators = named(node).filter((c) => c.type === 'decorator').map((d) => d.text);
        if (definition?.type === 'function_definition') this.functionDefinition(definition, fn, decorators);
        else if (definition) this.statement(definition, fn);
        return;
      }
      case 'class_definition': {
        const body = node.childForFieldName('body');
        const bases = node.childForFieldName('superclasses')?.text ?? '';
        if (body) this.classBody(body, fn, /\bProtocol\b|\bABC\b/.test(bases));
        return;
      }
      case 'expression_statement':
        for (const child of named(node)) this.expressionStatement(child, fn);
        return;
      case 'import_statement':
      case 'import_from_statement':
        this.importStatement(node, fn);
        return;
      case 'for_statement': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left && right) fn.body.push({ kind: 'bind', names: targetNames(left), value: this.expr(right, fn), pos: pos(node) });
        for (const part of ['body', 'alternative']) {
          const child = node.childForFieldName(part);
          if (child) this.statement(child, fn);
        }
        return;
      }
      case 'with_item': {
        const value = node.childForFieldName('value');
        if (value?.type === 'as_pattern') {
          const target = value.childForFieldName('alias');
          const source = named(value)[0];
          if (source) fn.body.push({ kind: 'bind', names: target ? targetNames(target) : [], value: this.expr(source, fn), pos: pos(node) });
        } else if (value) {
          fn.body.push({ kind: 'eval', expr: this.expr(value, fn), pos: pos(node) });
        }
        return;
      }
      case 'if_statement':
      case 'elif_clause':
      case 'while_statement': {
        const condition = node.childForFieldName('condition');
        if (condition) fn.body.push({ kind: 'eval', expr: this.expr(condition, fn), pos: pos(condition) });
        for (const child of named(node)) if (child !== condition && child.id !== condition?.id) this.statement(child, fn);
        return;
      }
      case 'except_clause':
      case 'block':
      case 'else_clause':
      case 'try_statement':
      case 'finally_clause':
      case 'with_statement':
      case 'with_clause':
      case 'match_statement':
      case 'case_clause':
        for (const child of named(node)) this.statement(child, fn);
        return;
      case 'pass_statement':
      case 'break_statement':
      case 'continue_statement':
        return;
      default:
        fn.body.push({ kind: 'eval', expr: this.expr(node, fn), pos: pos(node) });
    }
  }

  private expressionStatement(node: Node, fn: FunctionIR): void {
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return;
      const nameHint = left.type === 'identifier' ? left.text : left.type === 'attribute' ? left.childForFieldName('attribute')?.text : undefined;
      let value = this.expr(right, fn, nameHint);
      if (node.type === 'augmented_assignment') value = { kind: 'binary', operator: '+', left: this.expr(left, fn), right: value, pos: pos(node) };
      if (left.type === 'attribute' || left.type === 'subscript') {
        fn.body.push({ kind: 'store', target: this.expr(left, fn), value, pos: pos(node) });
      } else {
        fn.body.push({ kind: 'bind', names: targetNames(left), value, pos: pos(node) });
      }
      return;
    }
    fn.body.push({ kind: 'eval', expr: this.expr(node, fn), pos: pos(node) });
  }

  private importStatement(node: Node, fn: FunctionIR): void {
    const from = node.type === 'import_from_statement' ? node.childForFieldName('module_name')?.text : undefined;
    for (const item of node.childrenForFieldName('name')) {
      if (!item) continue;
      const aliased = item.type === 'aliased_import';
      const dotted = aliased ? item.childForFieldName('name')?.text ?? '' : item.text;
      const qualified = from ? `${from}.${dotted}` : dotted;
      const local = aliased ? item.childForFieldName('alias')?.text ?? dotted : from ? dotted : dotted.split('.')[0] ?? dotted;
      fn.body.push({
        kind: 'import', local, qualified: from || aliased ? qualified : local,
        module: from ?? dotted, member: from ? dotted : null, pos: pos(node),
      });
    }
  }

  private classBody(body: Node, fn: FunctionIR, abstract: boolean): void {
    for (const member of named(body)) {
      if (member.type === 'function_definition') this.functionDefinition(member, fn, abstract ? ['@abstractmethod'] : []);
      else if (member.type === 'decorated_definition') {
        const definition = member.childForFieldName('definition');
        const decorators = named(member).filter((c) => c.type === 'decorator').map((d) => d.text);
        if (abstract) decorators.push('@abstractmethod');
        if (definition?.type === 'function_definition') this.functionDefinition(definition, fn, decorators);
      } else this.statement(member, fn);
    }
  }

  private functionDefinition(node: Node, parent: FunctionIR, decorators: string[]): FunctionIR {
    const name = node.childForFieldName('name')?.text ?? '<anonymous>';
    const parameters = node.childForFieldName('parameters');
    const params = parameters ? named(parameters).map(parameterNames) : [];
    const fn = this.newFunction(name, params, pos(node), parent);
    fn.decorators = decorators;
    const body = node.childForFieldName('body');
    if (body) {
      this.block(body, fn);
      const exempt = decorators.some((d) => /abstractmethod|overload/.test(d));
      fn.isPlaceholder = !exempt && isPlaceholderBody(body);
    }
    return fn;
  }

  private expr(node: Node, fn: FunctionIR, nameHint?: string): Expr {
    // Rules walk the tree recursively; past this depth a generated file is cut, not a stack overflow.
    if (this.depth >= MAX_EXPRESSION_DEPTH) return { kind: 'other', children: [], pos: pos(node) };
    this.depth += 1;
    try {
      return this.lowerExpr(node, fn, nameHint);
    } finally {
      this.depth -= 1;
    }
  }

  private lowerExpr(node: Node, fn: FunctionIR, nameHint?: string): Expr {
    const at = pos(node);
    if (DECISIONS.has(node.type)) fn.complexity += 1;
    switch (node.type) {
      case 'string':
        return this.string(node, fn);
      case 'concatenated_string': {
        const parts = named(node).map((s) => this.string(s, fn));
        if (parts.every((p) => p.kind === 'string')) return { kind: 'string', value: parts.map((p) => (p.kind === 'string' ? p.value : '')).join(''), pos: at };
        const firstDynamic = parts.findIndex((p) => p.kind !== 'string');
        const head = parts.slice(0, firstDynamic).map((p) => (p.kind === 'string' ? p.value : '')).join('') +
          (parts[firstDynamic]?.kind === 'interpolation' ? (parts[firstDynamic] as { head: string }).head : '');
        const text = parts.map((p) => (p.kind === 'string' ? p.value : p.kind === 'interpolation' ? p.text : '')).join('');
        return { kind: 'interpolation', text, head, parts: parts.flatMap((p) => (p.kind === 'interpolation' ? p.parts : [])), pos: at };
      }
      case 'integer':
      case 'float':
        return { kind: 'literal', value: Number(node.text), pos: at };
      case 'true':
      case 'false':
        return { kind: 'literal', value: node.type === 'true', pos: at };
      case 'none':
        return { kind: 'literal', value: null, pos: at };
      case 'identifier':
        return { kind: 'name', name: node.text, pos: at };
      case 'attribute':
        return { kind: 'member', object: this.child(node, 'object', fn), property: node.childForFieldName('attribute')?.text ?? '', pos: at };
      case 'subscript': {
        const object = this.child(node, 'value', fn);
        const index = node.childForFieldName('subscript');
        const key = index?.type === 'string' ? this.string(index, fn) : undefined;
        if (key?.kind === 'string') return { kind: 'member', object, property: key.value, pos: at };
        return { kind: 'index', object, index: index ? this.expr(index, fn) : { kind: 'other', children: [], pos: at }, pos: at };
      }
      case 'call':
        return this.call(node, fn);
      case 'binary_operator':
        return { kind: 'binary', operator: node.childForFieldName('operator')?.text ?? '?', left: this.child(node, 'left', fn), right: this.child(node, 'right', fn), pos: at };
      case 'dictionary':
        return { kind: 'object', properties: named(node).map((p) => this.pair(p, fn)), pos: at };
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        return { kind: 'array', items: named(node).map((c) => this.expr(c, fn)), pos: at };
      case 'lambda': {
        const parameters = node.childForFieldName('parameters');
        const lambda = this.newFunction(nameHint ?? '<lambda>', parameters ? named(parameters).map(parameterNames) : [], at, fn);
        const body = node.childForFieldName('body');
        if (body) lambda.body.push({ kind: 'eval', expr: this.expr(body, lambda), pos: pos(body) });
        return { kind: 'function', fn: lambda, pos: at };
      }
      case 'named_expression': {
        const name = node.childForFieldName('name')?.text;
        const value = this.child(node, 'value', fn);
        if (name) fn.body.push({ kind: 'bind', names: [name], value, pos: at });
        return value;
      }
      default: {
        if (WRAPPERS.has(node.type)) {
          const inner = named(node)[0];
          if (inner) return this.expr(inner, fn, nameHint);
        }
        return { kind: 'other', children: named(node).map((c) => this.expr(c, fn)), pos: at };
      }
    }
  }

  private child(node: Node, field: string, fn: FunctionIR): Expr {
    const child = node.childForFieldName(field);
    return child ? this.expr(child, fn) : { kind: 'other', children: [], pos: pos(node) };
  }

  private string(node: Node, fn: FunctionIR): Expr {
    const at = pos(node);
    if (node.type !== 'string') return this.expr(node, fn);
    const interpolations = named(node).filter((c) => c.type === 'interpolation');
    const text = named(node).filter((c) => c.type === 'string_content' || c.type === 'escape_sequence').map((c) => c.text).join(' ');
    if (interpolations.length === 0) return { kind: 'string', value: stringValue(node), pos: at };
    const parts = interpolations.map((i) => this.child(i, 'expression', fn));
    const children = named(node);
    const firstPart = children.findIndex((c) => c.type === 'interpolation');
    const head = children.slice(0, firstPart).filter((c) => c.type === 'string_content' || c.type === 'escape_sequence').map((c) => c.text).join('');
    return { kind: 'interpolation', text, head, parts, pos: at };
  }

  private call(node: Node, fn: FunctionIR): Expr {
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    const list = node.childForFieldName('arguments');
    for (const arg of list ? named(list) : []) {
      if (arg.type === 'keyword_argument') {
        keywords.push({ name: arg.childForFieldName('name')?.text ?? '', value: this.child(arg, 'value', fn) });
      } else {
        args.push(this.expr(arg, fn));
      }
    }
    return { kind: 'call', callee: this.child(node, 'function', fn), args, keywords, isNew: false, pos: pos(node) };
  }

  private pair(node: Node, fn: FunctionIR): Property {
    if (node.type !== 'pair') return { key: null, value: this.expr(node, fn), pos: pos(node) };
    const keyNode = node.childForFieldName('key');
    const key = keyNode?.type === 'string' ? stringValue(keyNode) : null;
    return { key, value: this.child(node, 'value', fn, ), pos: pos(node) };
  }
}

/** The characters between the quotes, without the prefix (`r`, `b`, `f`). */
function stringValue(node: Node): string {
  const start = named(node).find((c) => c.type === 'string_start');
  const end = named(node).find((c) => c.type === 'string_end');
  if (!start || !end) return node.text;
  return node.text.slice(start.endIndex - node.startIndex, end.startIndex - node.startIndex);
}

function parameterNames(node: Node): string[] {
  if (node.type === 'identifier') return [node.text];
  const name = node.childForFieldName('name');
  if (name) return [name.text];
  return named(node).filter((c) => c.type === 'identifier').map((c) => c.text);
}

function targetNames(node: Node): string[] {
  if (node.type === 'identifier') return [node.text];
  if (node.type === 'attribute' || node.type === 'subscript') return [];
  return named(node).flatMap(targetNames);
}

function isPlaceholderBody(body: Node): boolean {
  const statements = named(body);
  const first = statements[0];
  const rest = first?.type === 'expression_statement' && named(first)[0]?.type === 'string' ? statements.slice(1) : statements;
  if (rest.length !== 1 || !rest[0]) return false;
  const only = rest[0];
  if (only.type === 'pass_statement') return true;
  if (only.type === 'expression_statement' && named(only)[0]?.type === 'ellipsis') return true;
  return only.type === 'raise_statement' && NOT_IMPLEMENTED.test(only.text);
}
