import type { Middleware } from '@anthropic-ai/sdk';

/** The longest wait before a retry that a call accepts (also never longer than one attempt's timeout). */
export const MAX_RETRY_WAIT_MS = 60_000;

/** How long a response asks the client to wait before retrying (`retry-after-ms`, `retry-after` in seconds or as a date), or null. */
export function askedRetryWaitMs(headers: Headers | null | undefined, now = Date.now()): number | null {
  const milliseconds = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const header = headers?.get('retry-after')?.trim();
  if (!header) return null;
  const seconds = Number.parseFloat(header);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : null;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** The longest retry wait for a call whose attempts time out after `timeoutMs`. */
export function maxRetryWaitMs(timeoutMs: number | null | undefined): number {
  return typeof timeoutMs === 'number' && timeoutMs > 0 ? Math.min(MAX_RETRY_WAIT_MS, timeoutMs) : MAX_RETRY_WAIT_MS;
}

/**
 * The SDK sleeps as long as `retry-after` says before retrying, up to 24 days: a 429 or 529 asking
 * for an hour would hold a CLI call (and its quota reservation) for an hour. An error response that
 * asks for longer than {@link maxRetryWaitMs} is marked `x-should-retry: false`, so the call fails at
 * once and its message says how long the API asked to wait.
 */
export const noLongRetryWaits: Middleware = async (request, next, context) => {
  const response = await next(request);
  if (response.ok) return response;
  const asked = askedRetryWaitMs(response.headers);
  if (asked === null || asked <= maxRetryWaitMs(context.options?.timeout)) return response;
  const headers = new Headers(response.headers);
  headers.set('x-should-retry', 'false');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
};
