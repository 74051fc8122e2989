import { ConfigError } from '../domain/errors.js';
import type { DomainEvent } from '../domain/events.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { EventPublisher } from '../ports/event-publisher.js';
import { backoffDelayMs, mapWithConcurrency, sleep } from './backoff.js';
import type { EventLogger } from './event-logger.js';
import { signWebhookBody } from './webhook-signature.js';

export interface WebhookPublisherOptions {
  /** http(s) URL that receives one POST per event. */
  url: string;
  /** Shared secret of the HMAC signature. */
  secret: string;
  fetch?: typeof globalThis.fetch;
  /** Tries per event within one publish call (network errors, 5xx, 408, 429); default 4. */
  maxAttempts?: number;
  /** First retry delay; doubled each retry, with jitter; default 250 ms. */
  backoffMs?: number;
  /** Longest single wait between tries, also the cap on `Retry-After`; default 30 s. */
  maxBackoffMs?: number;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
  /** Deliveries in flight at once; default 4. */
  concurrency?: number;
  clock?: Clock;
  logger?: EventLogger;
}

type Attempt = { ok: true } | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

/**
 * POSTs each event as JSON with `X-Skafu-Event-Id`, `X-Skafu-Timestamp` and
 * `X-Skafu-Signature: sha256=<HMAC-SHA256 of "<timestamp>.<body>">`. Receivers de-duplicate by the
 * event id: an event can arrive more than once.
 */
export function createWebhookPublisher(options: WebhookPublisherOptions): EventPublisher {
  const url = parseWebhookUrl(options.url);
  if (!options.secret) throw new ConfigError('The webhook secret is empty: set SKAFU_AI_WEBHOOK_SECRET (or events.webhookSecret) to a long random string shared with the receiver.');
  const send = options.fetch ?? globalThis.fetch;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const backoffMs = options.backoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const clock = options.clock ?? systemClock;

  const attempt = async (event: DomainEvent, body: string): Promise<Attempt> => {
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    let response: Response;
    try {
      response = await send(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'skafu-ai-webhook',
          'x-skafu-event-id': event.id,
          'x-skafu-event-name': event.name,
          'x-skafu-timestamp': String(timestamp),
          'x-skafu-signature': signWebhookBody(options.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      return { ok: false, retryable: true, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    // The body is not needed; reading it frees the connection for reuse.
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return { ok: true };
    const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      ok: false,
      retryable,
      reason: `HTTP ${response.status}`,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  };

  const deliver = async (event: DomainEvent): Promise<boolean> => {
    const body = JSON.stringify(event);
    for (let tryNumber = 1; ; tryNumber++) {
      const outcome = await attempt(event, body);
      if (outcome.ok) return true;
      if (!outcome.retryable || tryNumber >= maxAttempts) {
        options.logger?.warn({ publisher: 'webhook', eventId: event.id, eventName: event.name, attempts: tryNumber, reason: outcome.reason }, 'webhook delivery failed');
        return false;
      }
      const backoff = backoffDelayMs(tryNumber, backoffMs, maxBackoffMs);
      await sleep(Math.min(maxBackoffMs, Math.max(backoff, outcome.retryAfterMs ?? 0)));
    }
  };

  return {
    name: 'webhook',
    async publish(events) {
      const delivered = await mapWithConcurrency(events, options.concurrency ?? 4, deliver);
      return { failedIds: events.filter((_, i) => !delivered[i]).map((event) => event.id) };
    },
  };
}

function parseWebhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('The webhook URL (SKAFU_AI_WEBHOOK_URL or events.webhookUrl) is not a valid URL: give an absolute http(s) URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`The webhook URL must use http or https, not ${url.protocol}`);
  }
  return url.toString();
}
