import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPriceTable } from '../../src/claude/index.js';
import { resolveConfig } from '../../src/config/load-config.js';
import { UsageLimitExceededError } from '../../src/domain/errors.js';
import { QuotaGate } from '../../src/governance/quota-gate.js';
import { usageRecord } from '../../src/governance/usage-record.js';
import { systemClock } from '../../src/ports/clock.js';
import { uuidV7Ids } from '../../src/ports/ids.js';
import type { Store } from '../../src/ports/store.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { tempDir } from '../support/cli.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const alice = { orgId: 'acme', userId: 'alice' };
const usage = { input: 10, output: 10, cacheCreation: 0, cacheRead: 0 };

let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

async function gateWith(perUser: Record<string, unknown>, maxWaitMs: number): Promise<QuotaGate> {
  store = createSqliteStore({ path: join(tempDir(), 'skafu.db') });
  await store.init();
  // Only the limit under test: the default 100 requests a day would refuse a fast run's 101st admission.
  const config = resolveConfig({ plans: { default: { perUser: { requestsPerMinute: null, requestsPerDay: { project_analysis: null }, ...perUser } } } });
  return new QuotaGate({ store, config, prices: createPriceTable({}), clock: systemClock, ids: uuidV7Ids, leaseMs: 120_000, maxHoldMs: 300_000, maxWaitMs });
}

const admit = (gate: QuotaGate) => gate.admit({ identity: alice, operation: 'project_analysis', model: 'claude-sonnet-4-5', inputTokens: 1000, maxTokens: 2000, countsAsRequest: true });

/**
 * Clients that send their next request as soon as one is answered, as HTTP clients with a pool of
 * connections do: each holds its slot for `holdMs`, then asks again at once.
 */
async function closedLoop(gate: QuotaGate, clients: number, holdMs: number, runMs: number): Promise<{ admitted: number[]; longestWaitMs: number; refused: number }> {
  const admitted = Array.from({ length: clients }, () => 0);
  let longestWaitMs = 0;
  let refused = 0;
  const until = performance.now() + runMs;
  await Promise.all(admitted.map(async (_, client) => {
    while (performance.now() < until) {
      const asked = performance.now();
      try {
        const admission = await admit(gate);
        longestWaitMs = Math.max(longestWaitMs, performance.now() - asked);
        admitted[client] = (admitted[client] ?? 0) + 1;
        await sleep(holdMs);
        await admission.settle({ usage, costMicroUsd: 1, countsAsRequest: true, record: usageRecordFor(`${client}-${asked}`) });
      } catch (error) {
        if (!(error instanceof UsageLimitExceededError)) throw error;
        refused += 1;
      }
    }
  }));
  return { admitted, longestWaitMs, refused };
}

const usageRecordFor = (id: string) => usageRecord({ id, identity: alice, operation: 'project_analysis', model: 'claude-sonnet-4-5', aggregateId: 'a', tokens: usage, costMicroUsd: 1, latencyMs: 1, status: 'success', now: new Date() });

describe('requests waiting for room on a limit', () => {
  it('take turns: with more clients than concurrency slots, every client is served and none waits long', async () => {
    const gate = await gateWith({ maxConcurrent: 2 }, 5_000);
    const { admitted, longestWaitMs, refused } = await closedLoop(gate, 6, 30, 1_500);
    expect(refused).toBe(0);
    // 2 slots × 1.5 s / 30 ms is about 100 admissions; in turn, each of the 6 clients gets about a sixth.
    for (const count of admitted) expect(count).toBeGreaterThanOrEqual(5);
    // In turn, a request waits for about 6 / 2 holds (~90 ms); before, two clients kept the slots and the
    // others waited the whole 5 s until refused. The margin absorbs a machine busy with other test files.
    expect(longestWaitMs).toBeLessThan(2_500);
  });

  it('still refuses once the longest wait has passed', async () => {
    const gate = await gateWith({ maxConcurrent: 1 }, 200);
    const holder = await admit(gate);
    const asked = performance.now();
    await expect(admit(gate)).rejects.toBeInstanceOf(UsageLimitExceededError);
    expect(performance.now() - asked).toBeGreaterThanOrEqual(150);
    await holder.release();
    const next = await admit(gate);
    await next.release();
  });

  it('a released slot goes to the request that waited first', async () => {
    const gate = await gateWith({ maxConcurrent: 1 }, 5_000);
    const holder = await admit(gate);
    const order: string[] = [];
    const first = admit(gate).then(async (a) => { order.push('first'); await a.release(); });
    await sleep(20);
    const second = admit(gate).then(async (a) => { order.push('second'); await a.release(); });
    await sleep(20);
    await holder.release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });
});
