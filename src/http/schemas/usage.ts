import { z } from 'zod';
import { queryFlag, queryWholeNumber } from './common.js';

const breakdown = {
  totalTokens: z.number(),
  totalCostUsd: z.number(),
  totalRequests: z.number(),
  successfulRequests: z.number(),
  failedRequests: z.number(),
  cachedRequests: z.number(),
  refusedRequests: z.number().describe('Requests refused by a quota or budget (not in totalRequests).'),
};

export const usageBreakdownSchema = z.object(breakdown).meta({ id: 'UsageBreakdown' });

export const usageMetricsSchema = z.object({
  ...breakdown,
  successRate: z.number(),
  averageResponseTimeMs: z.number(),
  p95ResponseTimeMs: z.number(),
  tokens: z.object({ input: z.number(), output: z.number(), cacheCreation: z.number(), cacheRead: z.number() }),
  dateRange: z.object({ from: z.string(), to: z.string(), days: z.number() }),
  scope: z.object({ orgId: z.string(), userId: z.string().nullable() }),
  byOperation: z.record(z.string(), usageBreakdownSchema),
  byModel: z.record(z.string(), usageBreakdownSchema),
  byDay: z.array(z.object({ ...breakdown, date: z.string() })),
}).meta({ id: 'UsageMetrics' });

export const usageQuerySchema = z.object({
  days: queryWholeNumber(1, 366, 30, 'How many UTC days back, today included.'),
  orgWide: queryFlag.optional().describe('The whole organisation (admin keys; the default for them) or only the key\'s user (`false`; always for member keys).'),
});

export const limitsQuerySchema = z.object({
  orgWide: queryFlag.optional().describe('Only the organisation limits (admin keys; the default for them), or (`false`; always for member keys) the user\'s limits and the organisation limits that apply to it.'),
});

export const limitStatusSchema = z.object({
  limit: z.string().describe('e.g. `perUser.requestsPerDay.project_analysis`'),
  scope: z.enum(['user', 'organization']),
  unit: z.enum(['requests', 'tokens', 'usd', 'concurrent']),
  value: z.number().nullable().describe('null = unlimited'),
  used: z.number(),
  remaining: z.number().nullable(),
  resetsAt: z.string().nullable(),
}).meta({ id: 'LimitStatus' });

export const limitsReportSchema = z.object({
  orgId: z.string(),
  userId: z.string(),
  plan: z.string(),
  maxRequestBytes: z.number(),
  limits: z.array(limitStatusSchema),
}).meta({ id: 'LimitsReport' });
