import { InvalidInputError } from '../domain/errors.js';
import type { Identity } from '../domain/identity.js';
import { microsToUsd } from '../domain/money.js';
import { LATENCY_BUCKET_BOUNDS_MS, percentileFromBuckets } from '../governance/latency-histogram.js';
import { orgScope, userScope } from '../governance/usage-record.js';
import { lastDays } from '../governance/windows.js';
import type { Clock } from '../ports/clock.js';
import type { RollupRow, Store } from '../ports/store.js';
import type { UsageBreakdown, UsageMetricsView } from './usage-metrics.js';

type Totals = Record<string, number>;


function addRow(into: Totals, row: RollupRow): void {
  for (const [name, value] of Object.entries(row.fields)) into[name] = (into[name] ?? 0) + (value ?? 0);
}

function breakdown(t: Totals): UsageBreakdown {
  const get = (name: string): number => t[name] ?? 0;
  return {
    totalTokens: get('inputTokens') + get('outputTokens') + get('cacheCreationTokens') + get('cacheReadTokens'),
    totalCostUsd: microsToUsd(get('costMicroUsd')),
    totalRequests: get('requests'),
    successfulRequests: get('successful'),
    failedRequests: get('failed'),
    cachedRequests: get('cached'),
    refusedRequests: get('refused'),
  };
}

/** Usage metrics from the daily roll-ups: O(days × operations × models) rows, never the ledger. */
export async function usageMetrics(store: Store, clock: Clock, identity: Identity, options: { days: number; orgWide: boolean }): Promise<UsageMetricsView> {
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > 366) {
    throw new InvalidInputError(`days must be a whole number from 1 to 366, got ${String(options.days)}.`, ['days']);
  }
  const days = lastDays(clock.now(), options.days);
  const from = days[0] ?? '';
  const to = days[days.length - 1] ?? '';
  const scope = options.orgWide ? orgScope(identity.orgId) : userScope(identity);
  const rows = await store.usage.readRollups([scope], from, to);

  const all: Totals = {};
  const byOperation: Record<string, Totals> = {};
  const byModel: Record<string, Totals> = {};
  const byDay: Record<string, Totals> = {};
  for (const row of rows) {
    addRow(all, row);
    addRow((byOperation[row.operation] ??= {}), row);
    addRow((byModel[row.model] ??= {}), row);
    addRow((byDay[row.day] ??= {}), row);
  }
  const summary = breakdown(all);
  const buckets = Array.from({ length: LATENCY_BUCKET_BOUNDS_MS.length + 1 }, (_, i) => all[`latencyBucket${i}`] ?? 0);
  const samples = all.latencySamples ?? 0;
  const map = (groups: Record<string, Totals>): Record<string, UsageBreakdown> =>
    Object.fromEntries(Object.entries(groups).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, breakdown(v)]));
  return {
    ...summary,
    successRate: summary.totalRequests === 0 ? 0 : summary.successfulRequests / summary.totalRequests,
    averageResponseTimeMs: samples === 0 ? 0 : Math.round((all.latencyMsSum ?? 0) / samples),
    p95ResponseTimeMs: percentileFromBuckets(buckets, 0.95),
    tokens: {
      input: all.inputTokens ?? 0,
      output: all.outputTokens ?? 0,
      cacheCreation: all.cacheCreationTokens ?? 0,
      cacheRead: all.cacheReadTokens ?? 0,
    },
    dateRange: { from, to, days: options.days },
    scope: { orgId: identity.orgId, userId: options.orgWide ? null : identity.userId },
    byOperation: map(byOperation),
    byModel: map(byModel),
    byDay: days.map((date) => ({ date, ...breakdown(byDay[date] ?? {}) })),
  };
}

