import type { Database } from 'better-sqlite3';
import { StoreUnavailableError } from '../../domain/errors.js';
import type { Migration } from './migrations/index.js';

function appliedVersion(db: Database): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (table === undefined) return 0;
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}

/**
 * Brings the schema up to the latest migration. Reading the applied version is the only cost when
 * nothing is due; otherwise the steps run in one IMMEDIATE transaction, re-checked inside it, so
 * processes opening a new file at the same moment apply each step once.
 */
export function migrate(db: Database, migrations: readonly Migration[], path: string): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = appliedVersion(db);
  if (current > latest) {
    throw new StoreUnavailableError(`The store ${path} has schema version ${current}, newer than this skafu-ai knows (${latest}). Upgrade skafu-ai or use another SKAFU_AI_DB file.`);
  }
  if (current === latest) return 0;
  const apply = db.transaction((): number => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const already = appliedVersion(db);
    const due = migrations.filter((m) => m.version > already);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of due) {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }
    return due.length;
  });
  return apply.immediate();
}
