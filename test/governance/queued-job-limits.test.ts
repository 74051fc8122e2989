import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPriceTable } from '../../src/claude/index.js';
import { resolveConfig } from '../../src/config/load-config.js';
import { UnavailableError, UsageLimitExceededError } from '../../src/domain/errors.js';
import { QuotaGate, type AdmitArgs } from '../../src/governance/quota-gate.js';
import { usageRecord } from '../../src/governance/usage-record.js';
import type { Clock } from '../../src/ports/clock.js';
import { uuidV7Ids } from '../../src/ports/ids.js';
import type { Store } from '../../src/ports/store.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { tempDir } from '../support/cli.js';

const alice = { orgId: 'acme', userId: 'alice' };
const OPEN = { requestsPerMinute: null, requestsPerDay: { project_analysis: null }, requestsPerMonth: { project_analysis: null }, tokensPerDay: null, budgetUsdPerDay: null, budgetUsdPerMonth: null, maxConcurrent: null };

let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

/** Real time, shifted so that the current minute ends `msLeft` from now. */
function clockWithMinuteEndingIn(msLeft: number): Clock {
  const real = Date.now();
  const target = (Math.floor(real / 60_000) + 2) * 60_000 - msLeft;
  const offset = target - real;
  return { now: () => new Date(Date.now() + offset) };
}

async function gateWith(perUser: Record<string, unknown>, clock: Clock = { now: () => new Date() }): Promise<QuotaGate> {
  store = createSqliteStore({ path: join(tempDir(), 'skafu.db') });
  await store.init();
  const config = resolveConfig({ plans: { default: { perUser: { ...OPEN, ...perUser }, perOrganization: { budgetUsdPerDay: null } } } });
  return new QuotaGate({ store, config, prices: createPriceTable({}), clock, ids: uuidV7Ids, leaseMs: 120_000, maxHoldMs: 300_000, maxWaitMs: 0 });
}

const call = (extra: Partial<AdmitArgs> = {}): AdmitArgs => ({ identity: alice, operation: 'project_analysis', model: 'claude-sonnet-4-5', inputTokens: 1000, maxTokens: 2000, countsAsRequest: true, ...extra });

const admit = (gate: QuotaGate, maxTokens = 2000) => gate.admit(call({ maxTokens }));

async function settle(gate: QuotaGate, outputTokens: number): Promise<void> {
  const admission = await admit(gate, outputTokens);
  const tokens = { input: 1000, output: outputTokens, cacheCreation: 0, cacheRead: 0 };
  const costMicroUsd = createPriceTable({}).costMicroUsd('claude-sonnet-4-5', tokens);
  await admission.settle({ usage: tokens, costMicroUsd, countsAsRequest: true, record: usageRecord({ id: uuidV7Ids.newId(), identity: alice, operation: 'project_analysis', model: 'claude-sonnet-4-5', aggregateId: 'a', tokens, costMicroUsd, latencyMs: 1, status: 'success', now: new Date() }) });
}

describe('the refusal a request would certainly get (before a job is queued)', () => {
  it('is none while a request limit has room, and the limit once its last request is used', async () => {
    const gate = await gateWith({ requestsPerDay: { project_analysis: 2 } });
    expect(await gate.certainRefusal(alice, 'project_analysis')).toBeNull();
    await settle(gate, 100);
    expect(await gate.certainRefusal(alice, 'project_analysis')).toBeNull();
    await settle(gate, 100);
    const refusal = await gate.certainRefusal(alice, 'project_analysis');
    expect(refusal?.breach.limit).toBe('perUser.requestsPerDay.project_analysis');
    expect(refusal?.retryAfterSeconds).toBeGreaterThan(0);
    // Another operation has limits of its own.
    expect(await gate.certainRefusal(alice, 'code_generation')).toBeNull();
  });

  it('counts a request still running against a request limit, as a call would', async () => {
    const gate = await gateWith({ requestsPerDay: { project_analysis: 1 } });
    const running = await admit(gate);
    expect((await gate.certainRefusal(alice, 'project_analysis'))?.breach.limit).toBe('perUser.requestsPerDay.project_analysis');
    await running.release();
    expect(await gate.certainRefusal(alice, 'project_analysis')).toBeNull();
  });

  it('refuses on a token limit used up by settled calls, not on one held by a call still running', async () => {
    const gate = await gateWith({ tokensPerDay: 5000 });
    const running = await admit(gate, 4000); // reserves 1 000 + 4 000 tokens: the whole limit
    expect(await gate.certainRefusal(alice, 'project_analysis')).toBeNull();
    await running.release();
    await settle(gate, 4000); // settles 5 000 tokens
    expect((await gate.certainRefusal(alice, 'project_analysis'))?.breach.limit).toBe('perUser.tokensPerDay');
  });

  it('never refuses for a concurrency or per-minute limit: the job waits for its turn', async () => {
    const gate = await gateWith({ maxConcurrent: 1, requestsPerMinute: 1 });
    const running = await admit(gate);
    expect(await gate.certainRefusal(alice, 'project_analysis')).toBeNull();
    await running.release();
  });
});

describe('a caller that may wait for room (a queued job)', () => {
  it('waits for a per-minute limit to reset and is admitted in the next minute', async () => {
    const clock = clockWithMinuteEndingIn(300);
    const gate = await gateWith({ requestsPerMinute: 1 }, clock);
    await settle(gate, 1);
    const minute = Math.floor(clock.now().getTime() / 60_000);
    const admitted = await gate.admit(call({ maxWaitMs: 5_000 }));
    expect(Math.floor(clock.now().getTime() / 60_000)).toBe(minute + 1);
    await admitted.release();
  });

  it('a caller that did not ask to wait is refused at once by a per-minute limit', async () => {
    const clock = clockWithMinuteEndingIn(3_000);
    const gate = await gateWith({ requestsPerMinute: 1 }, clock);
    const held = await gate.admit(call());
    const asked = performance.now();
    await expect(gate.admit(call())).rejects.toBeInstanceOf(UsageLimitExceededError);
    expect(performance.now() - asked).toBeLessThan(1_000);
    await held.release();
  });

  it('waits past the gate\'s own wait for a concurrency slot held by a running request', async () => {
    const gate = await gateWith({ maxConcurrent: 1 });
    const running = await gate.admit(call());
    setTimeout(() => void running.release(), 300);
    const next = await gate.admit(call({ maxWaitMs: 5_000 }));
    await next.release();
  });

  it('stops waiting when its signal aborts: cancelled, not refused', async () => {
    const clock = clockWithMinuteEndingIn(20_000);
    const gate = await gateWith({ requestsPerMinute: 1 }, clock);
    const held = await gate.admit(call());
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 200);
    const asked = performance.now();
    await expect(gate.admit(call({ maxWaitMs: 60_000, signal: controller.signal }))).rejects.toBeInstanceOf(UnavailableError);
    expect(performance.now() - asked).toBeLessThan(2_000);
    await held.release();
  });
});
