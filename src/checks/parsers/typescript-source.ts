import ts from 'typescript';
import type { Finding } from '../../domain/validation-result.js';
import { lowerTypeScript } from '../code/from-typescript.js';
import type { ModuleIR } from '../code/ir.js';

const MAX_SYNTAX_FINDINGS = 5;

export interface ParsedSource {
  module: ModuleIR;
  syntax: Finding[];
}

function scriptKind(path: string): ts.ScriptKind {
  if (/\.tsx$/i.test(path)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(path)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/i.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** The parser keeps its syntax errors on the source file; the public API only exposes them via a Program. */
interface WithParseDiagnostics {
  parseDiagnostics?: readonly ts.DiagnosticWithLocation[];
}

/** Parses TypeScript or JavaScript with the TypeScript compiler's parser and lowers it for the rules. */
export function parseTypeScriptSource(path: string, content: string): ParsedSource {
  const sf = ts.createSourceFile(path, content, ts.ScriptTarget.Latest, false, scriptKind(path));
  const diagnostics = (sf as unknown as WithParseDiagnostics).parseDiagnostics ?? [];
  const syntax = diagnostics.slice(0, MAX_SYNTAX_FINDINGS).map((d): Finding => {
    const { line, character } = sf.getLineAndCharacterOfPosition(d.start);
    return {
      file: path,
      line: line + 1,
      column: character + 1,
      ruleId: 'syntax/parse-error',
      category: 'syntax',
      severity: 'error',
      message: `Syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')} (TS${d.code}).`,
      fix: 'Fix the syntax at this position; the file cannot be compiled or run as written.',
    };
  });
  return { module: lowerTypeScript(sf), syntax };
}
