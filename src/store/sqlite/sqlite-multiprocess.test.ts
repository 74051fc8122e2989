import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from './index.js';
import { runWorkers } from './test-support/fork-workers.js';
import type { ReserveWorkerOptions, ReserveWorkerReport } from './test-support/reserve-worker.js';

const WORKER = fileURLToPath(new URL('./test-support/reserve-worker.ts', import.meta.url));

describe('sqlite store: several processes on one file', () => {
  let dir = '';
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'skafu-sqlite-mp-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('admits exactly the limit across processes reserving and settling at the same time', async () => {
    const path = join(dir, 'shared', 'skafu.db');
    const limit = 45;
    const options: ReserveWorkerOptions = { path, attempts: 30, requestKey: 'req:day', requestLimit: limit, usdKey: 'usd:day', usdReserve: 500, usdActual: 37 };
    const reports = await runWorkers<ReserveWorkerReport>(WORKER, [options, options, options]);
    const admitted = reports.reduce((s, r) => s + r.admitted, 0);
    const refused = reports.reduce((s, r) => s + r.refused, 0);
    expect(admitted).toBe(limit);
    expect(refused).toBe(3 * 30 - limit);
    expect(reports.reduce((s, r) => s + r.settled, 0)).toBe(limit);
    const store = createSqliteStore({ path });
    const counters = await store.quota.readCounters(['req:day', 'usd:day']);
    expect([counters.get('req:day'), counters.get('usd:day')]).toEqual([limit, limit * 37]);
    const day = new Date().toISOString().slice(0, 10);
    const rollups = await store.usage.readRollups(['org:org-mp'], day, day);
    expect(rollups.map((r) => r.fields)).toEqual([{ requests: limit, costMicroUsd: limit * 37 }]);
    await store.close();
  }, 90_000);
});
