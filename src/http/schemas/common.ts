import { z } from 'zod';
import { STATUSES } from '../../domain/status.js';

/** What Fastify sends for a JSON route; answers serialized by hand must say the same. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Every error answer: `{error: {code, message}}`, plus the fields or limit concerned when known. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, e.g. `invalid_input`, `usage_limit_exceeded`.'),
    message: z.string().describe('What went wrong and how to fix it.'),
    fields: z.array(z.string()).optional().describe('Request fields that are invalid (400).'),
    limit: z.string().optional().describe('The limit that refused the request (429), e.g. `perUser.requestsPerDay.project_analysis`.'),
    requestId: z.string().optional().describe('Quote this when reporting an internal error.'),
  }),
}).meta({ id: 'Error' });

export const statusSchema = z.enum(STATUSES).meta({ id: 'Status' });

/** Accepts `true`/`false`/`1`/`0` in query strings. */
export const queryFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** Ids are opaque strings; bound their size so a bad id is a 404, never an expensive lookup. */
export const idParamsSchema = z.object({ id: z.string().min(1).max(128) });

export const projectIdSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits, ".", "_", ":" or "-"');

export const projectParamsSchema = z.object({ projectId: projectIdSchema });

/**
 * A whole-number query parameter written in decimal digits only: `0x10`, `1e1`, ` 7` or the
 * parameter given twice are refused rather than read as some other number, and every refusal says
 * what is accepted (not "expected number, received NaN").
 */
export function queryWholeNumber(min: number, max: number, fallback: number, description: string) {
  const message = `must be a whole number from ${min} to ${max} (decimal digits)`;
  const digits = (value: unknown): unknown => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);
  const wholeNumber = z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message })
    // The OpenAPI document shows this inner schema (not the preprocess step around it): state the default here.
    .meta({ default: fallback, description });
  return z.preprocess(digits, wholeNumber).default(fallback);
}

const CURSOR_MESSAGE = 'must be the nextCursor of a previous page, unchanged (omit it for the first page)';

export const pageQuerySchema = z.object({
  limit: queryWholeNumber(1, 100, 20, 'Items per page (1–100).'),
  cursor: z.string().min(1, { error: CURSOR_MESSAGE }).max(1024, { error: CURSOR_MESSAGE }).optional().describe('`nextCursor` of the previous page.'),
});

export const submitQuerySchema = z.object({
  async: queryFlag.optional().describe('`true`: queue a durable job and answer 202 `{id, status}`.'),
  noCache: queryFlag.optional().describe('`true`: skip the cache lookup; the fresh answer still refreshes the cache (for `async=true` too: the job remembers it).'),
});

export const submittedSchema = z.object({
  id: z.string(),
  status: statusSchema,
}).meta({ id: 'Submitted' });

export const tokensUsedSchema = z.object({
  input: z.number().int().nonnegative(),
  output: z.number().int().nonnegative(),
  cacheCreation: z.number().int().nonnegative(),
  cacheRead: z.number().int().nonnegative(),
}).meta({ id: 'TokensUsed' });

export const redactionCountSchema = z.object({
  type: z.string(),
  count: z.number().int().nonnegative(),
}).meta({ id: 'RedactionCount' });

/**
 * The error answers every /v1 route may give, for the OpenAPI document: no or a bad key (401), the
 * key's request rate (429, checked before anything else), the store down (503), a failure of ours (500).
 * Routes add their own and may describe these more closely.
 */
export const v1ErrorResponses = {
  401: errorBodySchema.describe('Missing, unknown or revoked API key.'),
  429: errorBodySchema.describe('This API key sent more requests this minute than the service allows (`limit`: `http.requestsPerMinutePerKey`); see `Retry-After`.'),
  500: errorBodySchema.describe('An internal error; nothing of it is told but `requestId`, which the logs carry.'),
  503: errorBodySchema.describe('The store is unavailable; retry later.'),
} as const;

/** The answers of a route with path or query parameters when one is wrong. */
export const parameterErrorResponses = {
  400: errorBodySchema.describe('A path or query parameter is invalid; `fields` names it (e.g. `path.id`, `query.limit`).'),
} as const;

/** The answers of a route that reads a JSON body when the body is wrong. */
export const bodyErrorResponses = {
  400: errorBodySchema.describe('Bad input; `fields` lists what is wrong (an unknown field is named itself).'),
  413: errorBodySchema.describe('The body is larger than the plan allows (`maxRequestBytes`).'),
  415: errorBodySchema.describe('The body is not JSON: send it with `Content-Type: application/json`.'),
} as const;

/** Fields every analysis and generation result has after its own (see `ResultCommon` in app/results.ts). */
export const resultCommonShape = {
  tokensUsed: tokensUsedSchema,
  costUsd: z.number(),
  cached: z.boolean(),
  model: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  errorMessage: z.string().optional(),
  redactions: z.array(redactionCountSchema),
};
