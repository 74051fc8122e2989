import ts from 'typescript';
import type { Finding } from '../../domain/validation-result.js';

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

/** Strict JSON.parse; a syntax error becomes a finding at the position V8 reports. */
export function parseJsonSource(file: string, content: string): { value: unknown; syntax: Finding[] } {
  try {
    return { value: JSON.parse(content) as unknown, syntax: [] };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const offset = Number(/position (\d+)/.exec(error.message)?.[1] ?? errorOffset(file, content));
    const { line, column } = lineAndColumn(content, offset);
    // V8 sometimes quotes the input after the reason; keep only the reason.
    const reason = error.message.split(/,\s*"|,\s*\.\.\.| in JSON| is not valid JSON/)[0] ?? 'not valid JSON';
    return {
      value: undefined,
      syntax: [{
        file, line, column, ruleId: 'syntax/parse-error', category: 'syntax', severity: 'error',
        message: `Invalid JSON: ${reason}.`, fix: 'Fix the JSON at this position (quotes, commas, brackets).',
      }],
    };
  }
}
