import type { Finding } from '../../domain/validation-result.js';

/** 1-based line and column of an offset. */
export function lineAndColumn(content: string, offset: number): { line: number; column: number } {
  const before = content.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Strict JSON.parse; a syntax error becomes a finding at the position V8 reports. */
export function parseJsonSource(file: string, content: string): { value: unknown; syntax: Finding[] } {
  try {
    return { value: JSON.parse(content) as unknown, syntax: [] };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const offset = Number(/position (\d+)/.exec(error.message)?.[1] ?? content.length);
    const { line, column } = lineAndColumn(content, offset);
    const reason = error.message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    return {
      value: undefined,
      syntax: [{
        file, line, column, ruleId: 'syntax/parse-error', category: 'syntax', severity: 'error',
        message: `Invalid JSON: ${reason}.`, fix: 'Fix the JSON at this position (quotes, commas, brackets).',
      }],
    };
  }
}
