import type { Finding } from '../../domain/validation-result.js';
import type { ModuleIR } from '../code/ir.js';

/** A function above this cyclomatic complexity gets a warning (the default of the Lizard analyser). */
export const MAX_COMPLEXITY = 15;
/** Markers are upper case by convention (a "todo list" in prose is not one); the phrases are not. */
const PLACEHOLDER_MARKER = /\b(TODO|FIXME|XXX)\b/;
const PLACEHOLDER_PHRASE = /your (code|logic|implementation) (goes )?here|\bimplement (this|me)\b|\bnot (yet )?implemented\b|\bplaceholder (implementation|code|logic|body)\b|^\W*(placeholder|stub)\W*$/i;

/** Complex functions, placeholder bodies and placeholder comments. */
export function qualityFindings(file: string, module: ModuleIR): Finding[] {
  const findings: Finding[] = [];
  for (const fn of module.functions) {
    if (fn.parent === null) continue;
    if (fn.complexity > MAX_COMPLEXITY) {
      findings.push({
        file, line: fn.pos.line, column: fn.pos.column, ruleId: 'quality/complex-function', category: 'quality', severity: 'warning',
        message: `Function "${fn.name}" has cyclomatic complexity ${fn.complexity} (over ${MAX_COMPLEXITY}).`,
        fix: 'Split it into smaller functions, or replace branches with a lookup table or early returns.',
      });
    }
    if (fn.isPlaceholder) {
      findings.push({
        file, line: fn.pos.line, column: fn.pos.column, ruleId: 'quality/placeholder-code', category: 'quality', severity: 'warning',
        message: `Function "${fn.name}" has no implementation (placeholder body).`,
        fix: 'Implement the function, or remove it if it is not needed.',
      });
    }
  }
  for (const comment of module.comments) {
    if (!PLACEHOLDER_MARKER.test(comment.text) && !PLACEHOLDER_PHRASE.test(comment.text)) continue;
    findings.push({
      file, line: comment.pos.line, column: comment.pos.column, ruleId: 'quality/placeholder-comment', category: 'quality', severity: 'warning',
      message: 'Comment marks unfinished code (TODO / FIXME / "implement me").',
      fix: 'Finish the code the comment refers to and remove the marker.',
    });
  }
  return findings;
}

/** The file's complexity metric: the highest cyclomatic complexity of any function or the top level. */
export function fileComplexity(module: ModuleIR): number {
  return module.functions.reduce((max, fn) => Math.max(max, fn.complexity), 1);
}

/** Non-blank lines that are not only a comment. */
export function linesOfCode(content: string, commentPrefixes: readonly string[]): number {
  let count = 0;
  for (const line of content.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed !== '' && !commentPrefixes.some((p) => trimmed.startsWith(p))) count += 1;
  }
  return count;
}
