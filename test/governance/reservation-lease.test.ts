import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPriceTable } from '../../src/claude/index.js';
import { resolveConfig } from '../../src/config/load-config.js';
import { QuotaGate } from '../../src/governance/quota-gate.js';
import { systemClock } from '../../src/ports/clock.js';
import { uuidV7Ids } from '../../src/ports/ids.js';
import type { Store } from '../../src/ports/store.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { tempDir } from '../support/cli.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const alice = { orgId: 'acme', userId: 'alice' };

let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

async function gate(leaseMs: number, maxHoldMs: number): Promise<{ gate: QuotaGate; store: Store }> {
  store = createSqliteStore({ path: join(tempDir(), 'skafu.db') });
  await store.init();
  // One call at a time per user: a reservation nobody releases locks the user out.
  const config = resolveConfig({ plans: { default: { perUser: { maxConcurrent: 1, requestsPerMinute: null } } } });
  return { gate: new QuotaGate({ store, config, prices: createPriceTable({}), clock: systemClock, ids: uuidV7Ids, leaseMs, maxHoldMs, maxWaitMs: 0 }), store };
}

const admit = (g: QuotaGate) => g.admit({ identity: alice, operation: 'project_analysis', model: 'claude-sonnet-4-5', inputTokens: 1000, maxTokens: 2000, countsAsRequest: true });
const releaseExpiredNow = (s: Store) => s.quota.releaseExpired(new Date().toISOString());

describe('reservation leases', () => {
  it('are renewed while the call runs: a call longer than the lease keeps its reservation', async () => {
    const { gate: g, store: s } = await gate(300, 60_000);
    const admission = await admit(g);
    await sleep(1_000);
    expect(await releaseExpiredNow(s)).toBe(0);
    await expect(admit(g)).rejects.toThrow(/concurrent/i);
    await admission.release();
    await admit(g);
  });

  it('stop being renewed after the longest hold, so a holder that never finishes frees the slot a lease later', async () => {
    const { gate: g, store: s } = await gate(300, 400);
    await admit(g);
    await sleep(1_200);
    expect(await releaseExpiredNow(s)).toBe(1);
    await admit(g);
  });

  it('stop being renewed once the call settles or is released', async () => {
    const { gate: g, store: s } = await gate(150, 60_000);
    const admission = await admit(g);
    await admission.release();
    const renewed: string[] = [];
    const extend = s.quota.extendLease.bind(s.quota);
    s.quota.extendLease = async (id, until) => {
      renewed.push(id);
      return extend(id, until);
    };
    await sleep(500);
    expect(renewed).toEqual([]);
  });
});
