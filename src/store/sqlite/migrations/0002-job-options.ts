import type { Migration } from './migration.js';

/** Jobs remember whether their request asked to skip the cache. */
export const jobOptions: Migration = {
  version: 2,
  name: 'job options',
  sql: `ALTER TABLE jobs ADD COLUMN no_cache INTEGER NOT NULL DEFAULT 0;`,
};
