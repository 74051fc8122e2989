import ts from 'typescript';
import type { CommentIR, Expr, FunctionIR, ModuleIR, Pos, Property, Stmt } from './ir.js';

export const MAX_EXPRESSION_DEPTH = 300;
const PLACEHOLDER_MESSAGE = /not\s*(yet\s*)?implemented|implement\s*me|todo/i;

/** Lowers a parsed TypeScript or JavaScript file into the shared rule tree. */
export function lowerTypeScript(sf: ts.SourceFile): ModuleIR {
  return new TypeScriptLowering(sf).run();
}

class TypeScriptLowering {
  private readonly functions: FunctionIR[] = [];
  private depth = 0;

  constructor(private readonly sf: ts.SourceFile) {}

  run(): ModuleIR {
    const module = this.newFunction('<module>', [], { line: 1, column: 1 }, null);
    for (const statement of this.sf.statements) this.statement(statement, module);
    return { functions: this.functions, comments: collectComments(this.sf) };
  }

  private pos(node: ts.Node): Pos {
    const { line, character } = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    return { line: line + 1, column: character + 1 };
  }

  private newFunction(name: string, params: string[][], pos: Pos, parent: FunctionIR | null): FunctionIR {
    const fn: FunctionIR = { name, params, body: [], pos, parent, complexity: 1, isPlaceholder: false, decorators: [] };
    this.functions.push(fn);
    return fn;
  }

  private statement(node: ts.Node, fn: FunctionIR): void {
    const emit = (stmt: Stmt): void => void fn.body.push(stmt);
    if (ts.isVariableStatement(node)) {
      for (const decl of node.declarationList.declarations) this.declaration(decl, fn);
    } else if (ts.isExpressionStatement(node)) {
      this.expressionStatement(node.expression, fn);
    } else if (ts.isFunctionDeclaration(node)) {
      if (node.body) this.lowerFunction(node, node.name?.text ?? '<anonymous>', fn);
    } else if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      this.classMembers(node, fn);
    } else if (ts.isIfStatement(node)) {
      fn.complexity += 1;
      emit({ kind: 'eval', expr: this.expr(node.expression, fn), pos: this.pos(node) });
      this.statement(node.thenStatement, fn);
      if (node.elseStatement) this.statement(node.elseStatement, fn);
    } else if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      fn.complexity += 1;
      const names = ts.isVariableDeclarationList(node.initializer)
        ? node.initializer.declarations.flatMap((d) => bindingNames(d.name))
        : [];
      emit({ kind: 'bind', names, value: this.expr(node.expression, fn), pos: this.pos(node) });
      this.statement(node.statement, fn);
    } else if (ts.isForStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) {
      fn.complexity += 1;
      ts.forEachChild(node, (child) => this.statement(child, fn));
    } else if (ts.isCaseClause(node) || ts.isCatchClause(node)) {
      fn.complexity += 1;
      ts.forEachChild(node, (child) => this.statement(child, fn));
    } else if (ts.isVariableDeclarationList(node)) {
      for (const decl of node.declarations) this.declaration(decl, fn);
    } else if (ts.isImportDeclaration(node)) {
      this.importDeclaration(node, fn);
    } else if (isContainer(node)) {
      ts.forEachChild(node, (child) => this.statement(child, fn));
    } else if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) {
      if (node.expression) emit({ kind: 'eval', expr: this.expr(node.expression, fn), pos: this.pos(node) });
    } else if (ts.isExportAssignment(node)) {
      emit({ kind: 'eval', expr: this.expr(node.expression, fn, 'default'), pos: this.pos(node) });
    } else if (!isTypeOnly(node) && !ts.isEmptyStatement(node)) {
      emit({ kind: 'eval', expr: this.expr(node, fn), pos: this.pos(node) });
    }
  }

  private declaration(decl: ts.VariableDeclaration, fn: FunctionIR): void {
    if (!decl.initializer) return;
    const name = ts.isIdentifier(decl.name) ? decl.name.text : undefined;
    const value = this.expr(decl.initializer, fn, name);
    this.bindPattern(decl.name, value, fn, this.pos(decl));
  }

  /** Destructuring binds each name to the member it reads, so `const { body } = event` keeps the path. */
  private bindPattern(pattern: ts.BindingName, value: Expr, fn: FunctionIR, pos: Pos): void {
    if (ts.isIdentifier(pattern)) {
      fn.body.push({ kind: 'bind', names: [pattern.text], value, pos });
      return;
    }
    for (const element of pattern.elements) {
      if (ts.isOmittedExpression(element)) continue;
      const key = ts.isObjectBindingPattern(pattern) ? propertyKey(element.propertyName ?? element.name) : null;
      const inner: Expr = key !== null ? { kind: 'member', object: value, property: key, pos } : value;
      this.bindPattern(element.name, inner, fn, pos);
    }
  }

  private expressionStatement(expression: ts.Expression, fn: FunctionIR): void {
    const pos = this.pos(expression);
    if (ts.isBinaryExpression(expression) && isAssignment(expression.operatorToken.kind)) {
      const left = stripParens(expression.left);
      const name = ts.isIdentifier(left) ? left.text : memberName(left);
      const value = this.expr(expression.right, fn, name);
      const compound = expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken;
      if (ts.isIdentifier(left)) {
        const full: Expr = compound ? { kind: 'binary', operator: '+', left: this.expr(left, fn), right: value, pos } : value;
        fn.body.push({ kind: 'bind', names: [left.text], value: full, pos });
      } else if (ts.isObjectLiteralExpression(left) || ts.isArrayLiteralExpression(left)) {
        fn.body.push({ kind: 'bind', names: assignedNames(left), value, pos });
      } else {
        fn.body.push({ kind: 'store', target: this.expr(left, fn), value, pos });
      }
      return;
    }
    fn.body.push({ kind: 'eval', expr: this.expr(expression, fn), pos });
  }

  private importDeclaration(node: ts.ImportDeclaration, fn: FunctionIR): void {
    if (!ts.isStringLiteral(node.moduleSpecifier) || !node.importClause) return;
    const source = node.moduleSpecifier.text;
    const pos = this.pos(node);
    const clause = node.importClause;
    if (clause.name) fn.body.push({ kind: 'import', local: clause.name.text, qualified: source, module: source, member: 'default', pos });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) {
      fn.body.push({ kind: 'import', local: bindings.name.text, qualified: source, module: source, member: null, pos });
    } else if (bindings) {
      for (const spec of bindings.elements) {
        const imported = (spec.propertyName ?? spec.name).text;
        fn.body.push({ kind: 'import', local: spec.name.text, qualified: `${source}.${imported}`, module: source, member: imported, pos });
      }
    }
  }

  private classMembers(node: ts.ClassLikeDeclaration, fn: FunctionIR): void {
    for (const member of node.members) {
      const name = member.name ? propertyKey(member.name) ?? '<member>' : 'constructor';
      if ((ts.isMethodDeclaration(member) || ts.isConstructorDeclaration(member) || ts.isAccessor(member)) && member.body) {
        this.lowerFunction(member, name, fn);
      } else if (ts.isPropertyDeclaration(member) && member.initializer) {
        fn.body.push({ kind: 'store', target: { kind: 'member', object: { kind: 'name', name: 'this', pos: this.pos(member) }, property: name, pos: this.pos(member) }, value: this.expr(member.initializer, fn, name), pos: this.pos(member) });
      }
    }
  }

  private lowerFunction(node: ts.SignatureDeclaration, name: string, parent: FunctionIR): FunctionIR {
    const params = node.parameters.map((p) => bindingNames(p.name));
    const fn = this.newFunction(name, params, this.pos(node), parent);
    fn.decorators = ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []).map((d) => d.getText(this.sf)) : [];
    const body = (node as { body?: ts.Node }).body;
    if (body && ts.isBlock(body)) {
      for (const statement of body.statements) this.statement(statement, fn);
      fn.isPlaceholder = isPlaceholderBlock(body);
    } else if (body) {
      fn.body.push({ kind: 'eval', expr: this.expr(body, fn), pos: this.pos(body) });
    }
    return fn;
  }

  private expr(node: ts.Node, fn: FunctionIR, nameHint?: string): Expr {
    // Rules walk the tree recursively; past this depth a generated file is cut, not a stack overflow.
    if (this.depth >= MAX_EXPRESSION_DEPTH) return { kind: 'other', children: [], pos: this.pos(node) };
    this.depth += 1;
    try {
      return this.lowerExpr(node, fn, nameHint);
    } finally {
      this.depth -= 1;
    }
  }

  private lowerExpr(node: ts.Node, fn: FunctionIR, nameHint?: string): Expr {
    const pos = this.pos(node);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: 'string', value: node.text, pos };
    if (ts.isNumericLiteral(node)) return { kind: 'literal', value: Number(node.text), pos };
    if (node.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'literal', value: true, pos };
    if (node.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'literal', value: false, pos };
    if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: 'literal', value: null, pos };
    if (ts.isIdentifier(node)) return { kind: 'name', name: node.text, pos };
    if (node.kind === ts.SyntaxKind.ThisKeyword) return { kind: 'name', name: 'this', pos };
    if (ts.isPropertyAccessExpression(node)) return { kind: 'member', object: this.expr(node.expression, fn), property: node.name.text, pos };
    if (ts.isElementAccessExpression(node)) {
      const arg = stripParens(node.argumentExpression);
      const object = this.expr(node.expression, fn);
      if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return { kind: 'member', object, property: arg.text, pos };
      return { kind: 'index', object, index: this.expr(arg, fn), pos };
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const args = (node.arguments ?? []).map((a) => this.expr(a, fn));
      return { kind: 'call', callee: this.expr(node.expression, fn), args, keywords: [], isNew: ts.isNewExpression(node), pos };
    }
    if (ts.isTemplateExpression(node)) {
      const text = node.head.text + node.templateSpans.map((s) => ` ${s.literal.text}`).join('');
      return { kind: 'interpolation', text, head: node.head.text, parts: node.templateSpans.map((s) => this.expr(s.expression, fn)), pos };
    }
    if (ts.isTaggedTemplateExpression(node)) {
      // A tag receives the literal parts and the values apart (sql`...`), so it is not string building.
      const values = ts.isTemplateExpression(node.template) ? node.template.templateSpans.map((s) => this.expr(s.expression, fn)) : [];
      return { kind: 'call', callee: this.expr(node.tag, fn), args: values, keywords: [], isNew: false, pos };
    }
    if (ts.isBinaryExpression(node)) return this.binary(node, fn, pos);
    if (ts.isConditionalExpression(node)) {
      fn.complexity += 1;
      return { kind: 'other', children: [node.condition, node.whenTrue, node.whenFalse].map((c) => this.expr(c, fn)), pos };
    }
    if (ts.isObjectLiteralExpression(node)) return { kind: 'object', properties: node.properties.map((p) => this.property(p, fn)), pos };
    if (ts.isArrayLiteralExpression(node)) return { kind: 'array', items: node.elements.map((e) => this.expr(e, fn)), pos };
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      const name = ts.isFunctionExpression(node) && node.name ? node.name.text : nameHint ?? '<anonymous>';
      return { kind: 'function', fn: this.lowerFunction(node, name, fn), pos };
    }
    if (ts.isClassExpression(node)) {
      this.classMembers(node, fn);
      return { kind: 'other', children: [], pos };
    }
    if (isWrapper(node)) return this.expr(node.expression, fn, nameHint);
    const children: Expr[] = [];
    ts.forEachChild(node, (child) => {
      if (!isTypeOnly(child)) children.push(this.expr(child, fn));
    });
    return { kind: 'other', children, pos };
  }

  private binary(node: ts.BinaryExpression, fn: FunctionIR, pos: Pos): Expr {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
      fn.complexity += 1;
    }
    const left = this.expr(node.left, fn);
    const right = this.expr(node.right, fn);
    if (isAssignment(op) && ts.isIdentifier(stripParens(node.left))) {
      fn.body.push({ kind: 'bind', names: [(stripParens(node.left) as ts.Identifier).text], value: right, pos });
    }
    return { kind: 'binary', operator: ts.tokenToString(op) ?? '?', left, right, pos };
  }

  private property(node: ts.ObjectLiteralElementLike, fn: FunctionIR): Property {
    const pos = this.pos(node);
    if (ts.isPropertyAssignment(node)) {
      const key = propertyKey(node.name);
      return { key, value: this.expr(node.initializer, fn, key ?? undefined), pos };
    }
    if (ts.isShorthandPropertyAssignment(node)) return { key: node.name.text, value: { kind: 'name', name: node.name.text, pos }, pos };
    if (ts.isSpreadAssignment(node)) return { key: null, value: this.expr(node.expression, fn), pos };
    const key = node.name ? propertyKey(node.name) : null;
    if (ts.isMethodDeclaration(node) || ts.isAccessor(node)) {
      return { key, value: { kind: 'function', fn: this.lowerFunction(node, key ?? '<method>', fn), pos }, pos };
    }
    return { key, value: { kind: 'other', children: [], pos }, pos };
  }
}

function isWrapper(node: ts.Node): node is ts.Node & { expression: ts.Expression } {
  return ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) ||
    ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node) || ts.isAwaitExpression(node);
}

function isContainer(node: ts.Node): boolean {
  return ts.isBlock(node) || ts.isTryStatement(node) || ts.isSwitchStatement(node) || ts.isCaseBlock(node) ||
    ts.isDefaultClause(node) || ts.isLabeledStatement(node) || ts.isModuleDeclaration(node) || ts.isModuleBlock(node);
}

function isTypeOnly(node: ts.Node): boolean {
  return ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) ||
    ts.isEnumDeclaration(node) || ts.isExportDeclaration(node) || ts.isImportEqualsDeclaration(node) ||
    node.kind === ts.SyntaxKind.DeclareKeyword || ts.isModifier(node) || ts.isTypeParameterDeclaration(node);
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function stripParens(node: ts.Expression): ts.Expression {
  return ts.isParenthesizedExpression(node) ? stripParens(node.expression) : node;
}

function memberName(node: ts.Expression): string | undefined {
  return ts.isPropertyAccessExpression(node) ? node.name.text : undefined;
}

function propertyKey(name: ts.PropertyName | ts.BindingName): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return null;
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

function assignedNames(node: ts.Expression): string[] {
  const names: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) names.push(n.text);
    else if (ts.isPropertyAssignment(n)) visit(n.initializer);
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return names;
}

function isPlaceholderBlock(body: ts.Block): boolean {
  if (body.statements.length !== 1) return false;
  const only = body.statements[0];
  if (!only || !ts.isThrowStatement(only) || !only.expression) return false;
  const thrown = only.expression;
  if (!ts.isNewExpression(thrown) && !ts.isCallExpression(thrown)) return false;
  const message = thrown.arguments?.[0];
  return message !== undefined && (ts.isStringLiteral(message) || ts.isNoSubstitutionTemplateLiteral(message)) &&
    PLACEHOLDER_MESSAGE.test(message.text);
}

function collectComments(sf: ts.SourceFile): CommentIR[] {
  const text = sf.getFullText();
  const seen = new Set<number>();
  const comments: CommentIR[] = [];
  const take = (ranges: ts.CommentRange[] | undefined): void => {
    for (const range of ranges ?? []) {
      if (seen.has(range.pos)) continue;
      seen.add(range.pos);
      const { line, character } = sf.getLineAndCharacterOfPosition(range.pos);
      comments.push({ text: text.slice(range.pos, range.end), pos: { line: line + 1, column: character + 1 } });
    }
  };
  // Comments belong to the trivia before a token; those before a closing brace or bracket follow the
  // last child (or the empty list) of their node, hence both ends of every node and node list.
  const visit = (node: ts.Node): void => {
    take(ts.getLeadingCommentRanges(text, node.pos));
    take(ts.getTrailingCommentRanges(text, node.end));
    take(ts.getLeadingCommentRanges(text, node.end));
    ts.forEachChild(node, visit, (list) => {
      take(ts.getLeadingCommentRanges(text, list.end));
      list.forEach(visit);
    });
  };
  visit(sf);
  take(ts.getLeadingCommentRanges(text, sf.endOfFileToken.pos));
  return comments.sort((a, b) => a.pos.line - b.pos.line);
}
