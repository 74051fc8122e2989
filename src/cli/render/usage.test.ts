import { describe, expect, it } from 'vitest';
import type { UsageMetricsView } from '../../app/usage-metrics.js';
import { colors } from './colors.js';
import { renderUsage } from './usage.js';

const none = { totalTokens: 0, totalCostUsd: 0, totalRequests: 0, successfulRequests: 0, failedRequests: 0, cachedRequests: 0 };

function metrics(over: Partial<UsageMetricsView>): UsageMetricsView {
  return {
    ...none, successRate: 0, averageResponseTimeMs: 0, p95ResponseTimeMs: 0, refusedRequests: 0,
    tokens: { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 },
    dateRange: { from: '2026-11-20', to: '2026-11-26', days: 7 }, scope: { orgId: 'acme', userId: 'alice' },
    byOperation: {}, byModel: {}, byDay: [], ...over,
  };
}

describe('usage, human output', () => {
  it('states no success rate or response times for a period without requests', () => {
    const text = renderUsage(colors(false), metrics({ refusedRequests: 2 }));
    expect(text).toContain('No requests answered in this period · refused 2');
    expect(text).not.toContain('Success rate');
  });

  it('states them once there are requests', () => {
    const text = renderUsage(colors(false), metrics({ ...none, totalRequests: 4, successfulRequests: 3, failedRequests: 1, successRate: 0.75, averageResponseTimeMs: 120, p95ResponseTimeMs: 240 }));
    expect(text).toContain('Success rate 75.0% · average 120 ms · p95 240 ms · refused 0');
  });
});
