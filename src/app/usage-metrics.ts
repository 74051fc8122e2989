/** Usage metrics of INTERFACE.md (`usage --json`, `GET /v1/usage`). */
export interface UsageBreakdown {
  totalTokens: number;
  totalCostUsd: number;
  totalRequests: number;
  successfulRequests: number;
  failedRequests: number;
  cachedRequests: number;
  /** Refused by a quota or budget; not counted in totalRequests. */
  refusedRequests: number;
}

export interface UsageDay extends UsageBreakdown {
  date: string;
}

export interface UsageMetricsView extends UsageBreakdown {
  successRate: number;
  averageResponseTimeMs: number;
  p95ResponseTimeMs: number;
  tokens: { input: number; output: number; cacheCreation: number; cacheRead: number };
  dateRange: { from: string; to: string; days: number };
  scope: { orgId: string; userId: string | null };
  byOperation: Record<string, UsageBreakdown>;
  byModel: Record<string, UsageBreakdown>;
  byDay: UsageDay[];
}
