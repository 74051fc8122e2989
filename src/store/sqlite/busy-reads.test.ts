import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../domain/errors.js';
import { SqliteConnection } from './sqlite-connection.js';

/** What better-sqlite3 throws when the file is locked. */
const busy = (): Error => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

/**
 * WAL readers find the file locked only in rare moments (another connection recovering or resetting
 * the log) that a test cannot bring about on demand; the read below throws SQLite's error instead.
 */
describe('a read that finds the sqlite file locked', () => {
  let dir = '';
  let conn: SqliteConnection;
  const busyTimeout = (): number => conn.query(() => conn.statement('PRAGMA busy_timeout').pluck().get() as number);
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skafu-busy-'));
    conn = new SqliteConnection({ path: join(dir, 'skafu.db'), busyTimeoutMs: 1_500 });
  });
  afterEach(async () => {
    conn.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is retried once with SQLite\'s busy handler on, which is off again afterwards', () => {
    expect(busyTimeout()).toBe(0); // writes must fail fast: their batches wait off the event loop
    let attempts = 0;
    const timeoutDuringRetry = conn.query(() => {
      attempts += 1;
      if (attempts === 1) throw busy();
      return busyTimeout();
    });
    expect(attempts).toBe(2);
    expect(timeoutDuringRetry).toBe(1_500);
    expect(busyTimeout()).toBe(0);
    let readAttempts = 0;
    const snapshot = conn.read(() => {
      readAttempts += 1;
      if (readAttempts === 1) throw busy();
      return 'read in one transaction';
    });
    expect(snapshot).toBe('read in one transaction');
  });

  it('fails with a store error when the file is still locked on the retry', () => {
    expect(() => conn.query(() => { throw busy(); })).toThrow(StoreUnavailableError);
    expect(busyTimeout()).toBe(0);
  });
});
