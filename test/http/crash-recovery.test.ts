import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/http/auth/create-api-key.js';
import { systemClock } from '../../src/ports/clock.js';
import type { Store } from '../../src/ports/store.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import type { DomainEvent } from '../../src/domain/events.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { startFakeWebhook, type FakeWebhook } from '../support/fake-webhook.js';
import { analysisBody, call, until } from './support/client.js';
import { spawnServer, type ServerProcess } from './support/server-process.js';

let fake: FakeAnthropic;
let hook: FakeWebhook;
let dir: string;
let store: Store;
const processes: ServerProcess[] = [];
const seen = new Map<string, number>();

beforeAll(async () => {
  // Requests whose input says SLOW-ALWAYS never finish in time; SLOW-ONCE only the first time.
  fake = await startFakeAnthropic({
    respond: (body) => {
      const text = JSON.stringify(body.messages);
      const tag = text.includes('SLOW-ALWAYS') ? 'always' : text.includes('SLOW-ONCE') ? 'once' : null;
      if (tag === null) return undefined;
      const count = (seen.get(tag) ?? 0) + 1;
      seen.set(tag, count);
      return { type: 'output', delayMs: tag === 'always' || count === 1 ? 120_000 : 0 };
    },
  });
  hook = await startFakeWebhook();
  dir = mkdtempSync(join(tmpdir(), 'skafu-crash-'));
  store = createSqliteStore({ path: join(dir, 'skafu.db') });
  await store.init();
  writeFileSync(join(dir, 'config.json'), JSON.stringify({
    plans: { default: { perUser: { requestsPerMinute: null } } },
    events: { webhookUrl: hook.url, webhookSecret: 'whsec-crash' },
  }));
});
afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) await p.stop('SIGKILL');
  await store?.close();
  await fake?.close();
  await hook?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(): Promise<ServerProcess> {
  const server = await spawnServer({ dbPath: join(dir, 'skafu.db'), configPath: join(dir, 'config.json'), anthropicUrl: fake.url, args: ['--job-lease-ms', '1000', '--workers', '2'] });
  processes.push(server);
  return server;
}

type Limits = { limits: { limit: string; used: number }[] };
const used = (report: Limits, name: string): number => report.limits.find((l) => l.limit === name)?.used ?? Number.NaN;

/** Names of the events the webhook received for one aggregate, in order, each once (delivery is at least once). */
function eventNames(aggregateId: string): string[] {
  const events = new Map<string, DomainEvent>();
  for (const r of hook.received) {
    const event = JSON.parse(r.body) as DomainEvent;
    if (event.aggregateId === aggregateId) events.set(event.id, event);
  }
  return [...events.values()].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id)).map((e) => e.name);
}

describe('crash recovery of durable jobs', () => {
  it('after kill -9 mid-job and a restart, a job is retried once then completes or times out; nothing is lost or billed twice', async () => {
    const { key } = await createApiKey(store, systemClock, { orgId: 'acme', userId: 'ann', role: 'member' });
    const first = await serve();
    const once = await call<{ id: string }>(`${first.url}/v1/analyses?async=true`, { key, body: analysisBody('SLOW-ONCE: a payroll system', 'crash') });
    const always = await call<{ id: string }>(`${first.url}/v1/analyses?async=true`, { key, body: analysisBody('SLOW-ALWAYS: a rostering system', 'crash') });
    expect([once.status, always.status]).toEqual([202, 202]);
    await until(async () => fake.messageCount() === 2);
    expect(await first.stop('SIGKILL')).toBe('SIGKILL');
    expect((await store.jobs.get(once.body.id))?.state).toBe('running');

    // Restart: both leases expire; each job is queued again (attempt 2). SLOW-ONCE now completes.
    const second = await serve();
    const completed = await until(async () => {
      const r = await call<{ status: string; costUsd: number; cached: boolean }>(`${second.url}/v1/analyses/${once.body.id}`, { key });
      return r.body.status === 'completed' ? r.body : null;
    }, 30_000);
    expect(completed.cached).toBe(false);
    await until(async () => fake.messageCount() === 4);
    expect(await second.stop('SIGKILL')).toBe('SIGKILL');

    // Second crash of SLOW-ALWAYS: its retry is used up, so the next process marks it timed out.
    const third = await serve();
    const timedOut = await until(async () => {
      const r = await call<{ status: string; costUsd: number }>(`${third.url}/v1/analyses/${always.body.id}`, { key });
      return r.body.status === 'timeout' ? r.body : null;
    }, 30_000);
    expect(timedOut.costUsd).toBe(0);
    expect((await store.jobs.get(once.body.id))).toMatchObject({ state: 'done', attempts: 2 });
    expect((await store.jobs.get(always.body.id))).toMatchObject({ state: 'done', attempts: 2 });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(fake.messageCount()).toBe(4);

    // Billed once: the ledger holds the one successful call; the killed attempts settled nothing.
    const usage = await call<{ successfulRequests: number; failedRequests: number; totalCostUsd: number }>(`${third.url}/v1/usage?days=1`, { key });
    expect(usage.body.successfulRequests).toBe(1);
    expect(usage.body.totalCostUsd).toBeCloseTo(completed.costUsd, 9);

    // The killed attempts' reservations are released when their lease runs out (asked here at a time past it).
    const releasedLater = await store.quota.releaseExpired(new Date(Date.now() + 3_600_000).toISOString());
    expect(releasedLater).toBe(3);
    const limits = await call<Limits>(`${third.url}/v1/limits`, { key });
    expect(used(limits.body, 'perUser.maxConcurrent')).toBe(0);
    expect(used(limits.body, 'perUser.budgetUsdPerDay')).toBeCloseTo(completed.costUsd, 6);
    expect(used(limits.body, 'perUser.requestsPerDay.project_analysis')).toBe(1);

    // The events tell the truth: a retried job was queued again, not timed out; only the job out of
    // retries ends with TimedOut.
    await until(async () => eventNames(always.body.id).includes('AIAnalysisTimedOut'), 30_000);
    expect(eventNames(once.body.id)).toEqual(['AIAnalysisStarted', 'AIAnalysisRetried', 'AIAnalysisStarted', 'AIAnalysisCompleted']);
    expect(eventNames(always.body.id)).toEqual(['AIAnalysisStarted', 'AIAnalysisRetried', 'AIAnalysisStarted', 'AIAnalysisTimedOut']);

    expect(await third.stop('SIGTERM')).toBe(0);
  }, 180_000);
});
