import type { Finding, ValidationReport } from '../domain/validation-result.js';

const MAX_LINES = 60;
const RANK: Record<string, number> = { error: 0, warning: 1, info: 2 };

/**
 * A compact text rendering of a report's errors and warnings, grouped by file, for a repair prompt:
 * one line per finding with position, severity, category, rule, message and the fix hint.
 */
export function formatFindingsForRepair(report: ValidationReport): string {
  const relevant = report.findings
    .filter((f) => f.severity !== 'info')
    .sort((a, b) => (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3) || a.file.localeCompare(b.file) || a.line - b.line);
  if (relevant.length === 0) return 'No problems found.';
  const errors = relevant.filter((f) => f.severity === 'error').length;
  const lines = [`${relevant.length} problem(s) to fix (${errors} error(s), ${relevant.length - errors} warning(s)). Errors must be fixed; keep every other behaviour unchanged.`];
  const byFile = new Map<string, Finding[]>();
  for (const f of relevant.slice(0, MAX_LINES)) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, findings] of byFile) {
    lines.push(`${file}:`);
    for (const f of findings) {
      lines.push(`  ${f.line}:${f.column} ${f.severity} ${f.category} ${f.ruleId}: ${f.message}${f.fix ? ` Fix: ${f.fix}` : ''}`);
    }
  }
  if (relevant.length > MAX_LINES) lines.push(`… and ${relevant.length - MAX_LINES} more.`);
  return lines.join('\n');
}
