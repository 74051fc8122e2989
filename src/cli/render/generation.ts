import Table from 'cli-table3';
import type { GenerationResult } from '../../app/results.js';
import type { Finding } from '../../domain/validation-result.js';
import type { Colors } from './colors.js';

export function findingLines(c: Colors, findings: Finding[]): string[] {
  const order = { error: 0, warning: 1, info: 2 } as const;
  return [...findings].sort((a, b) => order[a.severity] - order[b.severity] || a.file.localeCompare(b.file) || a.line - b.line).map((f) => {
    const sev = f.severity === 'error' ? c.red('error') : f.severity === 'warning' ? c.yellow('warn ') : c.dim('info ');
    return `  ${sev} ${f.file}:${f.line}:${f.column} ${c.bold(f.category)} ${f.message}${f.fix ? c.dim(` — ${f.fix}`) : ''}`;
  });
}

export function renderGeneration(c: Colors, result: GenerationResult, written?: { dir: string; count: number }): string {
  const status = result.status === 'completed' ? c.green(result.status) : c.red(result.status);
  const lines = [
    `${c.bold(`${result.generationType} generation`)} ${c.dim(result.id)}  ${status}`,
    c.dim(`project ${result.projectId} · model ${result.model ?? '-'} · ${result.cached ? 'cached · ' : ''}cost $${result.costUsd.toFixed(6)} · tokens in ${result.tokensUsed.input} / out ${result.tokensUsed.output}`),
  ];
  if (result.redactions.length > 0) lines.push(c.yellow(`Sanitized before sending: ${result.redactions.map((r) => `${r.count} ${r.type}`).join(', ')}`));
  if (result.errorMessage) lines.push('', c.red(result.errorMessage));
  if (result.files.length > 0) {
    const table = new Table({ head: ['File', 'Language', 'Lines', 'Complexity', 'Valid'].map((h) => c.bold(h)), style: { head: [], border: [], compact: true } });
    for (const file of result.files) {
      const v = result.validationResults.find((r) => r.fileName === file.path);
      table.push([file.path, v?.language ?? '-', String(v?.metrics.linesOfCode ?? file.content.split('\n').length), String(v?.metrics.complexity ?? '-'), v ? (v.isValid ? c.green('yes') : c.red('no')) : '-']);
    }
    lines.push('', table.toString());
  }
  if (result.findings.length > 0) lines.push('', c.bold('Findings'), ...findingLines(c, result.findings));
  if (written) lines.push('', c.green(`Wrote ${written.count} of ${result.files.length} file(s) under ${written.dir}`));
  return lines.join('\n');
}
