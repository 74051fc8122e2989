import { z } from 'zod';
import { OPERATIONS, type Operation } from '../domain/operations.js';

const COUNT = 'must be a whole number, 0 or more (0 allows nothing), or null for no limit';
/** A count of requests, tokens or concurrent calls; `null` = unlimited. */
const countLimit = z.number({ error: COUNT }).int({ error: COUNT }).nonnegative({ error: COUNT }).nullable();
/** The largest budget: its micro-dollars stay exact integers (larger ones are better written `null`). */
export const MAX_BUDGET_USD = 1_000_000_000;
/**
 * A budget in USD; `null` = unlimited. Budgets are counted in whole micro-dollars, so a positive
 * budget below half a micro-dollar would silently become 0 (nothing allowed): it is refused instead.
 */
const usdLimit = z.number({ error: 'must be a number of USD, or null for no limit' })
  .nonnegative({ error: 'must be 0 or more USD (0 allows nothing), or null for no limit' })
  .max(MAX_BUDGET_USD, { error: `must be at most ${MAX_BUDGET_USD} USD; write null for no limit` })
  .refine((usd) => usd <= 0 || usd >= 0.000001, { error: 'must be 0 (nothing allowed) or at least 0.000001 USD: budgets are counted in micro-dollars' })
  .nullable();
/** Per-operation counts; `null` for the whole map makes every operation unlimited. */
const perOperation = z.strictObject({
  project_analysis: countLimit.optional(),
  code_generation: countLimit.optional(),
  architecture_review: countLimit.optional(),
  optimization_analysis: countLimit.optional(),
}, { error: (issue) => (issue.code === 'invalid_type' ? 'must give a limit per operation, e.g. { project_analysis: 100, code_generation: 50 }, or be null for no limit' : undefined) }).nullable();

/** Limits of one scope. A missing key inherits the default; `null` means unlimited. */
export const scopeLimitsSchema = z.strictObject({
  requestsPerDay: perOperation.optional(),
  requestsPerMonth: perOperation.optional(),
  tokensPerDay: countLimit.optional(),
  budgetUsdPerDay: usdLimit.optional(),
  budgetUsdPerMonth: usdLimit.optional(),
  maxConcurrent: countLimit.optional(),
  requestsPerMinute: countLimit.optional(),
});

export const planSchema = z.strictObject({
  perUser: scopeLimitsSchema.optional(),
  perOrganization: scopeLimitsSchema.optional(),
  maxRequestBytes: z.number().int().positive().optional(),
});

const PRICE = 'must be a number of USD per million tokens, 0 or more';
const price = z.number({ error: PRICE }).nonnegative({ error: PRICE });
export const priceSchema = z.strictObject({
  input: price,
  output: price,
  cacheWrite5m: price.optional(),
  cacheWrite1h: price.optional(),
  cacheRead: price.optional(),
});

/** Ten years: answers cached longer would outlive any price or prompt; far larger values overflow dates. */
export const MAX_CACHE_TTL_SECONDS = 315_360_000;
/** Seconds an answer stays cached; 0 turns the cache off for the operation. */
const TTL = 'must be a whole number of seconds, 0 or more (0 turns the cache off for the operation)';
const ttlSeconds = z.number({ error: TTL }).int({ error: TTL }).nonnegative({ error: TTL })
  .max(MAX_CACHE_TTL_SECONDS, { error: `must be at most ${MAX_CACHE_TTL_SECONDS} (ten years); 0 turns the cache off for the operation` });
const perOperationTtl = z.strictObject({
  project_analysis: ttlSeconds.optional(),
  code_generation: ttlSeconds.optional(),
  architecture_review: ttlSeconds.optional(),
  optimization_analysis: ttlSeconds.optional(),
});

/**
 * A day: timers derived from the call timeout (a service's request deadline, the reservation hold)
 * must stay within what Node's timers hold (2^31 - 1 ms, about 24.8 days) or they fire at once.
 */
export const MAX_TIMEOUT_SECONDS = 86_400;
const timeoutSeconds = z.number()
  .min(0.001, { error: 'must be at least 0.001 (one millisecond)' })
  .max(MAX_TIMEOUT_SECONDS, { error: `must be at most ${MAX_TIMEOUT_SECONDS} (a day)` });

/** The API refuses `max_tokens` below 1, so a zero here would fail every call of that operation. */
const maxTokens = z.number().int().min(1, { error: 'must be a whole number of at least 1 (the most output tokens a call may produce)' });
const perOperationMaxTokens = z.strictObject({
  project_analysis: maxTokens.optional(),
  code_generation: maxTokens.optional(),
  architecture_review: maxTokens.optional(),
  optimization_analysis: maxTokens.optional(),
});

const perOperationModel = z.strictObject({
  project_analysis: z.string().min(1).optional(),
  code_generation: z.string().min(1).optional(),
  architecture_review: z.string().min(1).optional(),
  optimization_analysis: z.string().min(1).optional(),
});

export const configFileSchema = z.strictObject({
  plans: z.record(z.string(), planSchema).optional(),
  organizations: z.record(z.string(), z.strictObject({ plan: z.string({ error: 'must name a plan (a key of `plans`, or default, free, pro, enterprise)' }).min(1) }, {
    error: (issue) => (issue.code === 'invalid_type' ? 'must be { plan: <plan name> }' : undefined),
  })).optional(),
  models: perOperationModel.optional(),
  prices: z.record(z.string(), priceSchema).optional(),
  cache: z.strictObject({
    scope: z.enum(['organization', 'global']).optional(),
    ttlSeconds: perOperationTtl.optional(),
    memoryEntries: z.number().int().nonnegative().optional(),
  }).optional(),
  maxTokens: perOperationMaxTokens.optional(),
  timeoutSeconds: timeoutSeconds.optional(),
  sanitize: z.strictObject({
    /** Put personal data back into the model's answer (never secrets). */
    restorePersonalData: z.boolean().optional(),
  }).optional(),
  validation: z.strictObject({
    /** Send error findings back to the model once for a fix. */
    repair: z.boolean().optional(),
    maxFiles: z.number().int().positive().optional(),
    maxFileBytes: z.number().int().positive().optional(),
  }).optional(),
  events: z.strictObject({
    webhookUrl: z.string().url().optional(),
    webhookSecret: z.string().min(1).optional(),
    eventBusName: z.string().min(1).optional(),
  }).optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ScopeLimitsInput = z.infer<typeof scopeLimitsSchema>;
export type PriceInput = z.infer<typeof priceSchema>;

export type PerOperation<T> = Record<Operation, T>;

/** Fully resolved limits of one scope (null = unlimited). Money in micro-dollars. */
export interface ScopeLimits {
  requestsPerDay: PerOperation<number | null>;
  requestsPerMonth: PerOperation<number | null>;
  tokensPerDay: number | null;
  budgetMicroUsdPerDay: number | null;
  budgetMicroUsdPerMonth: number | null;
  maxConcurrent: number | null;
  requestsPerMinute: number | null;
}

export interface ResolvedPlan {
  name: string;
  perUser: ScopeLimits;
  perOrganization: ScopeLimits;
  maxRequestBytes: number;
}

export const OPERATION_LIST: readonly Operation[] = OPERATIONS;
