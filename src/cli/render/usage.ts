import Table from 'cli-table3';
import type { LimitsReport } from '../../app/limits-report.js';
import type { UsageBreakdown, UsageMetricsView } from '../../app/usage-metrics.js';
import type { Colors } from './colors.js';

function usd(value: number): string {
  return `$${value.toFixed(value !== 0 && value < 0.01 ? 6 : 4)}`;
}

function breakdownRow(name: string, b: UsageBreakdown): string[] {
  return [name, String(b.totalRequests), String(b.successfulRequests), String(b.failedRequests), String(b.cachedRequests), String(b.refusedRequests), b.totalTokens.toLocaleString('en-US'), usd(b.totalCostUsd)];
}

export function renderUsage(c: Colors, m: UsageMetricsView): string {
  const who = m.scope.userId ? `user ${m.scope.userId} of ${m.scope.orgId}` : `organisation ${m.scope.orgId}`;
  const head = ['', 'Requests', 'OK', 'Failed', 'Cached', 'Refused', 'Tokens', 'Cost'].map((h) => c.bold(h));
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  table.push(breakdownRow(c.bold('total'), m));
  for (const [op, b] of Object.entries(m.byOperation)) table.push(breakdownRow(op, b));
  const models = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const [model, b] of Object.entries(m.byModel)) models.push(breakdownRow(model, b));
  const days = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const d of m.byDay.filter((x) => x.totalRequests > 0 || x.refusedRequests > 0)) days.push(breakdownRow(d.date, d));
  return [
    `${c.bold('Usage')} of ${who}, ${m.dateRange.from} to ${m.dateRange.to} (${m.dateRange.days} day${m.dateRange.days === 1 ? '' : 's'})`,
    // Without a request there is no rate or response time to state (the JSON says 0).
    m.totalRequests === 0
      ? `No requests answered in this period · refused ${m.refusedRequests}`
      : `Success rate ${(m.successRate * 100).toFixed(1)}% · average ${m.averageResponseTimeMs} ms · p95 ${m.p95ResponseTimeMs} ms · refused ${m.refusedRequests}`,
    `Tokens: input ${m.tokens.input.toLocaleString('en-US')}, output ${m.tokens.output.toLocaleString('en-US')}, cache writes ${m.tokens.cacheCreation.toLocaleString('en-US')}, cache reads ${m.tokens.cacheRead.toLocaleString('en-US')}`,
    '', c.bold('By operation'), table.toString(),
    ...(Object.keys(m.byModel).length > 0 ? ['', c.bold('By model'), models.toString()] : []),
    ...(m.byDay.some((d) => d.totalRequests > 0 || d.refusedRequests > 0) ? ['', c.bold('By day'), days.toString()] : []),
  ].join('\n');
}

export function renderLimits(c: Colors, r: LimitsReport): string {
  const table = new Table({ head: ['Limit', 'Used', 'Limit value', 'Remaining', 'Resets (UTC)'].map((h) => c.bold(h)), style: { head: [], border: [], compact: true } });
  for (const l of r.limits) {
    const fmt = (v: number | null): string => (v === null ? c.dim('unlimited') : l.unit === 'usd' ? usd(v) : String(v));
    const full = l.value !== null && l.remaining !== null && l.remaining <= 0;
    table.push([full ? c.red(l.limit) : l.limit, fmt(l.used), fmt(l.value), l.value === null ? c.dim('-') : full ? c.red(fmt(l.remaining)) : fmt(l.remaining), l.resetsAt ? l.resetsAt.replace('T', ' ').replace(/\.\d+Z$/, '') : c.dim('-')]);
  }
  return [`${c.bold('Limits')} of user ${r.userId} in ${r.orgId} (plan ${r.plan}; requests up to ${r.maxRequestBytes} bytes)`, table.toString()].join('\n');
}
