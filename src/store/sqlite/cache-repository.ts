import type { CacheEntry, CacheRepository } from '../../ports/store.js';
import type { SqliteConnection } from './sqlite-connection.js';
import { toMs } from './time.js';

/** Expired entries removed per sweep: bounded so a put never turns into a long sweep. */
const PURGE_BATCH = 200;
/** Puts sweep expired entries at most this often (per store instance). */
const PURGE_EVERY_MS = 10_000;

/** Exact-match answer cache; an entry is live while now < expiresAt. */
export class SqliteCacheRepository implements CacheRepository {
  private lastPurgeMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly conn: SqliteConnection) {}

  async get(key: string, now: string): Promise<CacheEntry | null> {
    const nowMs = toMs(now, 'now');
    const row = this.conn.query(() => this.conn.statement(`SELECT key, value, created_at, expires_at FROM cache_entries
      WHERE key = ? AND expires_at_ms > ?`).get(key, nowMs)) as { key: string; value: string; created_at: string; expires_at: string } | undefined;
    return row ? { key: row.key, value: row.value, createdAt: row.created_at, expiresAt: row.expires_at } : null;
  }

  async put(entry: CacheEntry): Promise<void> {
    const expiresMs = toMs(entry.expiresAt, 'expiresAt');
    const nowMs = toMs(entry.createdAt, 'createdAt');
    const purge = Math.abs(nowMs - this.lastPurgeMs) >= PURGE_EVERY_MS;
    if (purge) this.lastPurgeMs = nowMs;
    await this.conn.write(() => {
      if (purge) {
        this.conn.statement(`DELETE FROM cache_entries WHERE key IN (
          SELECT key FROM cache_entries WHERE expires_at_ms <= ? LIMIT ${PURGE_BATCH})`).run(nowMs);
      }
      this.conn.statement(`INSERT INTO cache_entries (key, value, created_at, expires_at, expires_at_ms) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at,
          expires_at = excluded.expires_at, expires_at_ms = excluded.expires_at_ms`)
        .run(entry.key, entry.value, entry.createdAt, entry.expiresAt, expiresMs);
    });
  }
}
