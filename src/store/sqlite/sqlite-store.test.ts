import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../domain/errors.js';
import { describeQuotaProperties } from '../contract/quota-properties.js';
import { describeSharedStoreContract, describeStoreContract } from '../contract/store-contract.js';
import { analysisRecord, at, usageRecord } from '../contract/fixtures.js';
import { createSqliteStore } from './index.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { openTempSqliteStore, openTempSqliteStorePair } from './test-support/temp-store.js';

describeStoreContract('sqlite', openTempSqliteStore);
describeSharedStoreContract('sqlite', openTempSqliteStorePair);
describeQuotaProperties('sqlite', openTempSqliteStore);

describe('sqlite store: files, migrations and failures', () => {
  let dir = '';
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'skafu-sqlite-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('creates the parent directories and a WAL database on first use', async () => {
    const path = join(dir, 'a', 'b', 'skafu.db');
    const store = createSqliteStore({ path });
    await store.init();
    await store.close();
    expect((await stat(path)).isFile()).toBe(true);
    const db = new BetterSqlite3(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('records each migration once however often init runs or the file is reopened', async () => {
    const path = join(dir, 'skafu.db');
    for (let i = 0; i < 3; i += 1) {
      const store = createSqliteStore({ path });
      await store.init();
      await store.init();
      await store.close();
    }
    const db = new BetterSqlite3(path);
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(migrate(db, MIGRATIONS, path)).toBe(0);
    db.close();
  });

  it('applies only the migrations a file is missing, in order', () => {
    const db = new BetterSqlite3(':memory:');
    const first = { version: 1, name: 'one', sql: 'CREATE TABLE t (a INTEGER);' };
    const second = { version: 2, name: 'two', sql: 'ALTER TABLE t ADD COLUMN b TEXT;' };
    expect(migrate(db, [first], 'mem')).toBe(1);
    expect(migrate(db, [first, second], 'mem')).toBe(1);
    expect(migrate(db, [first, second], 'mem')).toBe(0);
    expect(db.prepare('SELECT name FROM pragma_table_info(\'t\') ORDER BY cid').pluck().all()).toEqual(['a', 'b']);
    db.close();
  });

  it('refuses a file whose schema is newer than this code, as unavailable', async () => {
    const path = join(dir, 'skafu.db');
    const db = new BetterSqlite3(path);
    migrate(db, [...MIGRATIONS, { version: 999, name: 'future', sql: 'SELECT 1;' }], path);
    db.close();
    const store = createSqliteStore({ path });
    await expect(store.analyses.get('org-a', 'x')).rejects.toThrow(/newer than this skafu-ai knows/);
    await expect(store.init()).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('keeps data across a close and reopen', async () => {
    const path = join(dir, 'skafu.db');
    const first = createSqliteStore({ path });
    const saved = await first.analyses.save(analysisRecord(), []);
    await first.quota.reserve({ reservationId: 'r1', increments: [{ key: 'k', amount: 3, limit: 5, expiresAt: at(86_400_000) }], leaseExpiresAt: at(60_000), now: at(0) });
    await first.close();
    const second = createSqliteStore({ path });
    expect(await second.analyses.get(saved.orgId, saved.id)).toEqual(saved);
    expect((await second.quota.readCounters(['k'])).get('k')).toBe(3);
    expect(await second.quota.release('r1', at(1))).toBe(true);
    await second.close();
  });

  it('fails closed with StoreUnavailableError naming the path for a corrupt file', async () => {
    const path = join(dir, 'skafu.db');
    await writeFile(path, 'this is not a database, just text that happens to be long enough '.repeat(100));
    const store = createSqliteStore({ path });
    const refused = store.quota.reserve({ reservationId: 'r', increments: [{ key: 'k', amount: 1, limit: 1, expiresAt: at(1) }], leaseExpiresAt: at(1), now: at(0) });
    await expect(refused).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.init()).rejects.toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*not a readable SQLite database`));
  });

  it('fails closed when the path cannot be a file (a directory, or under a regular file)', async () => {
    const underFile = join(dir, 'plain-file');
    await writeFile(underFile, 'x');
    for (const path of [dir, join(underFile, 'skafu.db')]) {
      const store = createSqliteStore({ path });
      const error = await store.init().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/cannot be opened or written.*SKAFU_AI_DB/);
    }
  });

  it('fails closed when another process holds the write lock past the busy timeout', async () => {
    const path = join(dir, 'skafu.db');
    const store = createSqliteStore({ path, busyTimeoutMs: 150 });
    await store.init();
    const holder = new BetterSqlite3(path);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const started = Date.now();
      const reserve = store.quota.reserve({ reservationId: 'r', increments: [{ key: 'k', amount: 1, limit: 10, expiresAt: at(86_400_000) }], leaseExpiresAt: at(1000), now: at(0) });
      await expect(reserve).rejects.toThrow(/locked for more than 150 ms: another process holds a write lock/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
      await expect(store.quota.release('r', at(1))).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect((await store.quota.readCounters(['k'])).get('k')).toBe(0);
    await store.close();
  });

  it('waits for another holder of the write lock without blocking the event loop, then commits', async () => {
    const path = join(dir, 'skafu.db');
    const store = createSqliteStore({ path, busyTimeoutMs: 5_000 });
    await store.init();
    const holder = new BetterSqlite3(path);
    holder.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticker = setInterval(() => { ticks += 1; }, 5);
    setTimeout(() => holder.exec('COMMIT'), 120);
    try {
      const expiresAt = at(86_400_000);
      const [first, second] = await Promise.all([
        store.quota.reserve({ reservationId: 'a', increments: [{ key: 'k', amount: 1, limit: 10, expiresAt }], leaseExpiresAt: at(1000), now: at(0) }),
        store.quota.reserve({ reservationId: 'b', increments: [{ key: 'k', amount: 2, limit: 10, expiresAt }], leaseExpiresAt: at(1000), now: at(0) }),
      ]);
      expect([first.ok, second.ok]).toEqual([true, true]);
      // SQLite's own busy handler would have slept in the event loop for the whole 120 ms.
      expect(ticks).toBeGreaterThanOrEqual(10);
      expect((await store.quota.readCounters(['k'])).get('k')).toBe(3);
    } finally {
      clearInterval(ticker);
      holder.close();
      await store.close();
    }
  });

  it('refuses to work after close instead of reopening silently', async () => {
    const store = createSqliteStore({ path: join(dir, 'skafu.db') });
    await store.init();
    await store.close();
    await expect(store.jobs.countQueued()).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('writes one ledger row per settled call, and a retried settle counts once', async () => {
    const path = join(dir, 'skafu.db');
    const store = createSqliteStore({ path });
    const expiresAt = at(86_400_000);
    await store.quota.reserve({ reservationId: 'r', increments: [{ key: 'usd', amount: 500, limit: 1000, expiresAt }], leaseExpiresAt: at(60_000), now: at(0) });
    const usage = usageRecord({ scopes: ['org:org-a'], day: '2030-01-15', fields: { requests: 1, costMicroUsd: 120 } });
    const settle = { reservationId: 'r', actual: [{ key: 'usd', amount: 120, expiresAt }], usage, now: at(10) };
    expect(await store.quota.settle(settle)).toBe(true);
    expect(await store.quota.settle(settle)).toBe(false);
    expect((await store.quota.readCounters(['usd'])).get('usd')).toBe(120);
    expect((await store.usage.readRollups(['org:org-a'], '2030-01-15', '2030-01-15'))[0]?.fields).toEqual({ requests: 1, costMicroUsd: 120 });
    await store.close();
    const db = new BetterSqlite3(path, { readonly: true });
    expect(db.prepare('SELECT id, cost_micro_usd, input_tokens, status FROM usage_ledger').all()).toEqual([
      { id: usage.ledger.id, cost_micro_usd: 1050, input_tokens: 100, status: 'success' },
    ]);
    db.close();
  });

  it('purges expired cache entries as new ones are put', async () => {
    const path = join(dir, 'skafu.db');
    const store = createSqliteStore({ path });
    for (let i = 0; i < 5; i += 1) await store.cache.put({ key: `old-${i}`, value: '1', createdAt: at(0), expiresAt: at(1000) });
    await store.cache.put({ key: 'new', value: '2', createdAt: at(20_000), expiresAt: at(29_000) }); // sweeps run at most every 10 s
    await store.close();
    const db = new BetterSqlite3(path, { readonly: true });
    expect(db.prepare('SELECT key FROM cache_entries').pluck().all()).toEqual(['new']);
    db.close();
  });

  it('commits writes queued together in one transaction, each rolled back alone when it fails', async () => {
    const path = join(dir, 'skafu.db');
    const store = createSqliteStore({ path });
    await store.init();
    const existing = analysisRecord();
    await store.analyses.save(existing, []);
    const before = analysisRows(path);
    const expiresAt = at(86_400_000);
    const outcomes = await Promise.allSettled([
      store.analyses.save(analysisRecord(), []),
      store.analyses.save(existing, []), // version 0 again: a conflict
      store.quota.reserve({ reservationId: 'ok', increments: [{ key: 'n', amount: 2, limit: 3, expiresAt }], leaseExpiresAt: at(60_000), now: at(0) }),
      store.quota.reserve({ reservationId: 'over', increments: [{ key: 'm', amount: 1, limit: null, expiresAt }, { key: 'n', amount: 2, limit: 3, expiresAt }], leaseExpiresAt: at(60_000), now: at(0) }),
      store.cache.put({ key: 'k', value: 'v', createdAt: at(0), expiresAt }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(outcomes[3]).toMatchObject({ value: { ok: false, breach: { key: 'n', limit: 3, current: 2, amount: 2 } } });
    // The refused reservation's first increment was rolled back with it; the others are all there.
    expect(await store.quota.readCounters(['n', 'm'])).toEqual(new Map([['n', 2], ['m', 0]]));
    expect(await store.cache.get('k', at(1))).not.toBeNull();
    await store.close();
    expect(analysisRows(path) - before).toBe(1);
  });
});

function analysisRows(path: string): number {
  const db = new BetterSqlite3(path, { readonly: true });
  const rows = db.prepare('SELECT COUNT(*) FROM analyses').pluck().get() as number;
  db.close();
  return rows;
}
