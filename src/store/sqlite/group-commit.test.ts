import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteConnection } from './sqlite-connection.js';

describe('group commit of sqlite writes', () => {
  let dir = '';
  let conn: SqliteConnection;
  const insert = (value: string) => () => conn.statement('INSERT INTO note (value) VALUES (?)').run(value).changes;
  const values = (): string[] => conn.query(() => conn.statement('SELECT value FROM note ORDER BY value').pluck().all() as string[]);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skafu-group-commit-'));
    conn = new SqliteConnection({ path: join(dir, 'skafu.db'), busyTimeoutMs: 1_000 });
    conn.query(() => conn.open().exec('CREATE TABLE note (value TEXT PRIMARY KEY)'));
  });
  afterEach(async () => {
    conn.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('holds the writes queued in one turn until its end, then commits them in order', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('end of turn'));
    const first = conn.write(insert('a')).then(() => order.push('first committed'));
    await Promise.resolve();
    const second = conn.write(insert('b')).then(() => order.push('second committed'));
    await Promise.all([first, second]);
    expect(order).toEqual(['end of turn', 'first committed', 'second committed']);
    expect(values()).toEqual(['a', 'b']);
  });

  it('commits a full batch at once, without waiting for the end of the turn', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('end of turn'));
    const writes = Array.from({ length: 8 }, (_, i) => conn.write(insert(`w${i}`)));
    await Promise.all(writes).then(() => order.push('batch committed'));
    expect(order).toEqual(['batch committed']);
    expect(values()).toHaveLength(8);
  });

  it('rolls back only the write that fails among those committed together', async () => {
    const results = await Promise.allSettled([conn.write(insert('a')), conn.write(insert('a')), conn.write(insert('b'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(values()).toEqual(['a', 'b']);
  });
});
