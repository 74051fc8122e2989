import type { AnalysisRecord } from '../../domain/ai-analysis.js';
import type { GenerationRecord } from '../../domain/code-generation.js';
import type { Store } from '../../ports/store.js';
import { SqliteAggregateRepository } from './aggregate-repository.js';
import { SqliteApiKeyRepository } from './api-key-repository.js';
import { SqliteCacheRepository } from './cache-repository.js';
import { SqliteJobRepository } from './job-repository.js';
import { SqliteOutboxRepository } from './outbox-repository.js';
import { SqliteQuotaRepository } from './quota-repository.js';
import { SqliteConnection } from './sqlite-connection.js';
import { SqliteUsageRepository } from './usage-repository.js';

export interface SqliteStoreOptions {
  /** The database file; its directory is created on first use. */
  path: string;
  /** How long a write waits for another process's lock before failing closed. Default 10 000 ms. */
  busyTimeoutMs?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

/**
 * The embedded Store: one SQLite file in WAL mode, shared safely by several processes. Nothing is
 * opened until the first call (or `init`); failures to answer surface as StoreUnavailableError.
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const conn = new SqliteConnection({ path: options.path, busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  return {
    analyses: new SqliteAggregateRepository<AnalysisRecord>(conn, 'analyses'),
    generations: new SqliteAggregateRepository<GenerationRecord>(conn, 'generations'),
    quota: new SqliteQuotaRepository(conn),
    usage: new SqliteUsageRepository(conn),
    cache: new SqliteCacheRepository(conn),
    outbox: new SqliteOutboxRepository(conn),
    apiKeys: new SqliteApiKeyRepository(conn),
    jobs: new SqliteJobRepository(conn),
    async init() {
      conn.open();
    },
    async close() {
      conn.close();
    },
  };
}
