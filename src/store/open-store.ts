import { join } from 'node:path';
import { ConfigError } from '../domain/errors.js';
import type { Store } from '../ports/store.js';

/** Where the SQLite file lives: SKAFU_AI_DB, or `.skafu-ai/skafu.db` under the working directory. */
export function sqlitePath(env: NodeJS.ProcessEnv, cwd: string): string {
  return env.SKAFU_AI_DB || join(cwd, '.skafu-ai', 'skafu.db');
}

/**
 * Opens the store named by SKAFU_AI_STORE (`sqlite` by default, or `dynamodb`). Adapters are loaded
 * on demand so the CLI does not pay for the AWS SDK when it uses SQLite.
 */
export async function openStoreFromEnv(env: NodeJS.ProcessEnv, cwd: string): Promise<Store> {
  const kind = (env.SKAFU_AI_STORE || 'sqlite').toLowerCase();
  if (kind === 'sqlite') {
    const { createSqliteStore } = await import('./sqlite/index.js');
    return createSqliteStore({ path: sqlitePath(env, cwd) });
  }
  if (kind === 'dynamodb') {
    const tableName = env.SKAFU_AI_DYNAMODB_TABLE;
    if (!tableName) throw new ConfigError('SKAFU_AI_STORE=dynamodb needs SKAFU_AI_DYNAMODB_TABLE: set it to the table name (create the table with `skafu-ai store init`).');
    const { createDynamoStore } = await import('./dynamodb/index.js');
    return createDynamoStore({ tableName });
  }
  throw new ConfigError(`SKAFU_AI_STORE must be "sqlite" or "dynamodb", got "${kind}".`);
}
