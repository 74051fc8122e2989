import type { Colors } from './colors.js';

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

function names(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => {
    const o = asObject(item);
    return o ? String(o.name ?? o.title ?? '') : String(item);
  }).filter(Boolean);
}

/**
 * A few lines about the structured output beyond the recommendations: services and cost for a
 * requirements analysis, scores for a review. Reads fields defensively (prompt versions evolve).
 */
export function summaryLines(c: Colors, analysisType: string, output: unknown): string[] {
  const o = asObject(output);
  if (!o) return [];
  const lines: string[] = [];
  if (typeof o.summary === 'string') lines.push(o.summary, '');
  const services = names(o.microservices ?? o.services);
  if (services.length > 0) lines.push(`${c.bold('Services')}: ${services.join(', ')}`);
  const cost = asObject(o.estimatedMonthlyCost ?? o.estimatedCost);
  const total = cost?.totalUsd ?? cost?.total ?? cost?.monthlyUsd;
  if (typeof total === 'number') lines.push(`${c.bold('Estimated monthly cost')}: $${total.toLocaleString('en-US')}`);
  if (analysisType === 'architecture') {
    if (typeof o.overallScore === 'number') lines.push(`${c.bold('Overall score')}: ${o.overallScore}`);
    const ratings = asObject(o.ratings);
    if (ratings) lines.push(`${c.bold('Ratings')}: ${Object.entries(ratings).map(([k, v]) => `${k} ${String(v)}/10`).join(', ')}`);
  }
  const savings = o.totalEstimatedMonthlySavingsUsd ?? o.estimatedMonthlySavingsUsd;
  if (typeof savings === 'number') lines.push(`${c.bold('Estimated savings')}: $${savings.toLocaleString('en-US')}/month`);
  if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
  return lines;
}
