import ts from 'typescript';
import type { Finding } from '../../domain/validation-result.js';
import type { TNode, TPos } from '../templates/template-tree.js';
import { longFormIntrinsic } from '../templates/template-tree.js';

/** 1-based line and column of an offset. */
export function lineAndColumn(content: string, offset: number): { line: number; column: number } {
  const before = content.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Where TypeScript's JSON parser stops, for V8 messages that carry no position. */
function errorOffset(file: string, content: string): number {
  const sf = ts.parseJsonText(file, content) as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] };
  return sf.parseDiagnostics?.[0]?.start ?? content.length;
}

/** The JSON document as a tree with positions, read by TypeScript's JSON parser (fast, positioned). */
function jsonTree(file: string, content: string): TNode | null {
  const sf = ts.parseJsonText(file, content);
  const pos = (node: ts.Node): TPos => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    return { line: line + 1, column: character + 1 };
  };
  const convert = (node: ts.Expression): TNode => {
    if (ts.isObjectLiteralExpression(node)) {
      const entries = node.properties.filter(ts.isPropertyAssignment).map((p) => ({
        key: ts.isStringLiteral(p.name) || ts.isIdentifier(p.name) || ts.isNumericLiteral(p.name) ? p.name.text : p.name.getText(sf),
        value: convert(p.initializer),
        pos: pos(p.name),
      }));
      return longFormIntrinsic({ kind: 'map', entries, pos: pos(node) });
    }
    if (ts.isArrayLiteralExpression(node)) return { kind: 'seq', items: node.elements.map(convert), pos: pos(node) };
    if (ts.isStringLiteral(node)) return { kind: 'scalar', value: node.text, pos: pos(node) };
    if (ts.isNumericLiteral(node)) return { kind: 'scalar', value: Number(node.text), pos: pos(node) };
    if (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand)) return { kind: 'scalar', value: -Number(node.operand.text), pos: pos(node) };
    if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'scalar', value: node.kind === ts.SyntaxKind.TrueKeyword, pos: pos(node) };
    return { kind: 'scalar', value: null, pos: pos(node) };
  };
  const statement = sf.statements[0];
  return statement ? convert(statement.expression) : null;
}

/** Strict JSON.parse for validity; a syntax error becomes a finding at its position. */
export function parseJsonSource(file: string, content: string): { root: TNode | null; syntax: Finding[] } {
  try {
    JSON.parse(content);
    return { root: jsonTree(file, content), syntax: [] };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const offset = Number(/position (\d+)/.exec(error.message)?.[1] ?? errorOffset(file, content));
    const { line, column } = lineAndColumn(content, offset);
    // V8 sometimes quotes the input after the reason; keep only the reason.
    const reason = error.message.split(/,\s*"|,\s*\.\.\.| in JSON| is not valid JSON/)[0] ?? 'not valid JSON';
    return {
      root: null,
      syntax: [{
        file, line, column, ruleId: 'syntax/parse-error', category: 'syntax', severity: 'error',
        message: `Invalid JSON: ${reason}.`, fix: 'Fix the JSON at this position (quotes, commas, brackets).',
      }],
    };
  }
}
