import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../domain/errors.js';
import type { DomainEvent } from '../domain/events.js';
import { startFakeWebhook, type FakeWebhook } from '../../test/support/fake-webhook.js';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature.js';
import { createWebhookPublisher } from './webhook-publisher.js';

const SECRET = 'whsec-test-0123456789';

function limitEvent(n: number): DomainEvent {
  return {
    id: `evt-${n}`,
    name: 'AIUsageLimitExceeded',
    occurredAt: new Date(Date.UTC(2030, 0, 1, 0, 0, n)).toISOString(),
    orgId: 'acme',
    aggregateId: 'user-1',
    payload: { operation: 'project_analysis', userId: 'user-1', limit: 'perUser.requestsPerDay.project_analysis', limitValue: 10, current: 10 },
  };
}

describe('createWebhookPublisher', () => {
  let hook: FakeWebhook;
  beforeAll(async () => {
    hook = await startFakeWebhook();
  });
  afterAll(() => hook.close());
  afterEach(() => {
    hook.received.length = 0;
    hook.attempts.length = 0;
  });

  const publisher = (extra: { maxAttempts?: number } = {}) =>
    createWebhookPublisher({ url: hook.url, secret: SECRET, backoffMs: 1, maxBackoffMs: 20, ...extra });

  it('POSTs each event as JSON with id, timestamp and a signature a receiver can verify', async () => {
    const events = [limitEvent(1), limitEvent(2), limitEvent(3)];
    expect(await publisher().publish(events)).toEqual({ failedIds: [] });
    expect(hook.received).toHaveLength(3);
    const byId = new Map(hook.received.map((r) => [r.headers['x-skafu-event-id'], r]));
    for (const event of events) {
      const delivery = byId.get(event.id);
      expect(delivery).toBeDefined();
      expect(delivery?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(delivery?.body ?? '')).toEqual(event);
      const timestamp = delivery?.headers['x-skafu-timestamp'] as string;
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
      expect(delivery?.headers['x-skafu-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature({
        secret: SECRET, body: delivery?.body ?? '', signature: delivery?.headers['x-skafu-signature'] as string,
        timestamp, nowSeconds: Math.floor(Date.now() / 1000),
      })).toBe(true);
    }
  });

  it('signs the timestamp with the body, so neither can be changed nor the delivery replayed later', () => {
    const body = JSON.stringify(limitEvent(1));
    const signature = signWebhookBody(SECRET, 1_900_000_000, body);
    const check = (overrides: Partial<Parameters<typeof verifyWebhookSignature>[0]>) => verifyWebhookSignature({
      secret: SECRET, body, signature, timestamp: '1900000000', nowSeconds: 1_900_000_010, ...overrides,
    });
    expect(check({})).toBe(true);
    expect(check({ body: body.replace('acme', 'acmf') })).toBe(false);
    expect(check({ timestamp: '1900000001' })).toBe(false);
    expect(check({ secret: 'another-secret' })).toBe(false);
    expect(check({ nowSeconds: 1_900_000_000 + 301 })).toBe(false);
    expect(check({ signature: undefined })).toBe(false);
  });

  it('retries 5xx answers and cut connections with backoff until delivered', async () => {
    hook.failNext(2, 503);
    hook.dropNext(1);
    expect(await publisher().publish([limitEvent(7)])).toEqual({ failedIds: [] });
    expect(hook.attempts).toHaveLength(4);
    expect(hook.received).toHaveLength(1);
    expect(new Set(hook.attempts.map((a) => a.headers['x-skafu-event-id']))).toEqual(new Set(['evt-7']));
  });

  it('retries 429 and respects Retry-After within the backoff cap', async () => {
    hook.failNext(1, 429, 1);
    const started = Date.now();
    expect(await publisher().publish([limitEvent(8)])).toEqual({ failedIds: [] });
    expect(hook.attempts).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('reports the event as failed after maxAttempts', async () => {
    hook.failNext(3, 500);
    expect(await publisher({ maxAttempts: 3 }).publish([limitEvent(9)])).toEqual({ failedIds: ['evt-9'] });
    expect(hook.attempts).toHaveLength(3);
    expect(hook.received).toHaveLength(0);
  });

  it('does not retry a 4xx rejection other than 408/429', async () => {
    hook.failNext(1, 400);
    expect(await publisher().publish([limitEvent(11)])).toEqual({ failedIds: ['evt-11'] });
    expect(hook.attempts).toHaveLength(1);
  });

  it('refuses a URL that is not http(s) and an empty secret', () => {
    expect(() => createWebhookPublisher({ url: 'ftp://example.com/x', secret: SECRET })).toThrow(ConfigError);
    expect(() => createWebhookPublisher({ url: 'not a url', secret: SECRET })).toThrow(ConfigError);
    expect(() => createWebhookPublisher({ url: hook.url, secret: '' })).toThrow(ConfigError);
  });
});
