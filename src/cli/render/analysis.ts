import Table from 'cli-table3';
import type { AnalysisResult } from '../../app/results.js';
import { PRIORITIES, type Recommendation } from '../../domain/recommendation.js';
import type { Colors } from './colors.js';
import { summaryLines } from './summary.js';

function priorityColor(c: Colors, priority: Recommendation['priority']): (text: string) => string {
  if (priority === 'critical') return (t) => c.bold(c.red(t));
  if (priority === 'high') return c.red;
  if (priority === 'medium') return c.yellow;
  return c.dim;
}

function wrapWidth(): number {
  const columns = process.stdout.columns ?? 120;
  return Math.max(40, Math.min(columns, 160) - 40);
}

/** Recommendations as a table grouped by priority, most urgent first. */
export function recommendationsTable(c: Colors, recommendations: Recommendation[]): string {
  if (recommendations.length === 0) return c.dim('No recommendations.');
  const table = new Table({
    head: ['Priority', 'Category', 'Impact', 'Recommendation'].map((h) => c.bold(h)),
    wordWrap: true,
    colWidths: [10, 14, 8, wrapWidth()],
    style: { head: [], border: [] },
  });
  for (const priority of PRIORITIES) {
    for (const r of recommendations.filter((x) => x.priority === priority)) {
      const color = priorityColor(c, priority);
      const extra = [
        r.estimatedMonthlySavingsUsd ? c.green(`saves ~$${r.estimatedMonthlySavingsUsd.toLocaleString('en-US')}/month`) : '',
        r.implementationEffort ? c.dim(`effort: ${r.implementationEffort}`) : '',
      ].filter(Boolean).join(' · ');
      table.push([color(priority), r.category, r.impact, `${c.bold(r.title)}\n${r.description}${extra ? `\n${extra}` : ''}`]);
    }
  }
  return table.toString();
}

export function renderAnalysis(c: Colors, result: AnalysisResult): string {
  const status = result.status === 'completed' ? c.green(result.status) : c.red(result.status);
  const lines = [
    `${c.bold(`${result.analysisType} analysis`)} ${c.dim(result.id)}  ${status}`,
    c.dim(`project ${result.projectId} · model ${result.model ?? '-'} · ${result.cached ? 'cached · ' : ''}cost $${result.costUsd.toFixed(6)} · tokens in ${result.tokensUsed.input} / out ${result.tokensUsed.output} / cache ${result.tokensUsed.cacheCreation}+${result.tokensUsed.cacheRead}`),
  ];
  if (result.redactions.length > 0) {
    lines.push(c.yellow(`Sanitized before sending: ${result.redactions.map((r) => `${r.count} ${r.type}`).join(', ')}`));
  }
  if (result.errorMessage) lines.push('', c.red(result.errorMessage));
  if (result.status === 'completed') {
    lines.push('', ...summaryLines(c, result.analysisType, result.output));
    lines.push(`Confidence ${(result.confidenceScore * 100).toFixed(0)}%`, '', recommendationsTable(c, result.recommendations));
  }
  return lines.join('\n');
}
