import type { Middleware } from '@anthropic-ai/sdk';

/**
 * Error codes of a 429 that retrying cannot cure: the organisation has spent what it may. The SDK
 * retries every 429 unless the response says `x-should-retry: false`, so this middleware adds that
 * header to these responses (checked on `error.type` and on `error.details.error_code`).
 */
export const NON_RETRYABLE_429_CODES: ReadonlySet<string> = new Set([
  'enforced_spend_limit_reached',
  'contract_spend_limit_reached',
]);

interface ErrorBody {
  error?: { type?: unknown; details?: { error_code?: unknown } | null } | null;
}

export function spendLimitReachedCode(body: unknown): string | null {
  if (body === null || typeof body !== 'object') return null;
  const error = (body as ErrorBody).error;
  if (!error || typeof error !== 'object') return null;
  for (const candidate of [error.type, error.details?.error_code]) {
    if (typeof candidate === 'string' && NON_RETRYABLE_429_CODES.has(candidate)) return candidate;
  }
  return null;
}

export const noRetryOnSpendLimit: Middleware = async (request, next, context) => {
  const response = await next(request);
  if (response.status !== 429) return response;
  const body = await context.parse<unknown>(response);
  if (spendLimitReachedCode(body) === null) return response;
  const headers = new Headers(response.headers);
  headers.set('x-should-retry', 'false');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
};
