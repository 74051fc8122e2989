import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteConnection } from './sqlite-connection.js';

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Commits `count` writes one after another (each its own group commit) of about 2 KB each. */
async function commit(conn: SqliteConnection, count: number, from = 0): Promise<void> {
  for (let i = from; i < from + count; i++) {
    await conn.write(() => conn.statement('INSERT INTO cache_entries (key, value, created_at, expires_at, expires_at_ms) VALUES (?, ?, ?, ?, ?)')
      .run(`k${i}`, 'v'.repeat(2_000), '2026-01-01T00:00:00.000Z', '2099-01-01T00:00:00.000Z', 4_070_908_800_000));
  }
}

/** A connection past the 100 commits after which its checkpoints run on their own thread. */
async function longRunning(path: string): Promise<SqliteConnection> {
  const conn = new SqliteConnection({ path, busyTimeoutMs: 1_000 });
  await commit(conn, 100);
  expect(conn.checkpointsInBackground).toBe(true);
  return conn;
}

describe('sqlite checkpoints on a thread of their own', () => {
  let dir = '';
  let conn: SqliteConnection | null = null;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'skafu-wal-')); });
  afterEach(async () => {
    conn?.close();
    conn = null;
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps SQLite\'s inline checkpoints for a short-lived writer', async () => {
    conn = new SqliteConnection({ path: join(dir, 'skafu.db'), busyTimeoutMs: 1_000 });
    await commit(conn, 20);
    expect(conn.checkpointsInBackground).toBe(false);
  });

  it('moves them to a thread once the connection has committed 100 times, and that thread copies the log into the file', async () => {
    const path = join(dir, 'skafu.db');
    conn = await longRunning(path);
    // Written from here on, pages live only in the log until something checkpoints them; the
    // writer no longer does (it stays far below SQLite's 1 000-page inline threshold anyway).
    const before = statSync(path).size;
    await commit(conn, 150, 100);
    await until(() => statSync(path).size >= before + 150 * 2_000);
    const read = conn.statement('SELECT COUNT(*) FROM cache_entries').pluck().get();
    expect(read).toBe(250);
  });

  it('checkpoints only after commits: an idle writer costs the thread nothing', async () => {
    conn = await longRunning(join(dir, 'skafu.db'));
    const active = conn;
    await commit(active, 5, 100);
    await until(() => active.backgroundCheckpoints > 0);
    await new Promise((resolve) => setTimeout(resolve, 600)); // the thread catches up with the log
    const settled = active.backgroundCheckpoints;
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // five rounds of the thread, no commit
    expect(active.backgroundCheckpoints).toBe(settled);
    await commit(active, 1, 105);
    await until(() => active.backgroundCheckpoints > settled);
  });

  it('ends the thread on close, so the writer closes last and leaves a complete file without a log', async () => {
    const path = join(dir, 'skafu.db');
    conn = await longRunning(path);
    const before = statSync(path).size;
    await commit(conn, 20, 100);
    await until(() => statSync(path).size > before); // the thread has its connection open
    conn.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(conn.checkpointsInBackground).toBe(false);
    const reopened = new SqliteConnection({ path, busyTimeoutMs: 1_000 });
    expect(reopened.statement('SELECT COUNT(*) FROM cache_entries').pluck().get()).toBe(120);
    reopened.close();
  });

  it('goes back to inline checkpoints when the thread cannot open the file', async () => {
    const path = join(dir, 'skafu.db');
    conn = new SqliteConnection({ path, busyTimeoutMs: 1_000 });
    await commit(conn, 99);
    // The open connection keeps writing to the moved file; the thread looks for it by its old name.
    await rename(path, join(dir, 'moved.db'));
    await commit(conn, 1, 99);
    await until(() => !conn!.checkpointsInBackground);
    await commit(conn, 5, 100);
    expect(conn.statement('SELECT COUNT(*) FROM cache_entries').pluck().get()).toBe(105);
  });
});
