import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import { StoreUnavailableError } from '../../domain/errors.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { toStoreError } from './store-unavailable.js';

export interface SqliteConnectionOptions {
  path: string;
  busyTimeoutMs: number;
}

/**
 * One lazily opened better-sqlite3 connection. Opening creates the directory, sets WAL and the busy
 * timeout, and migrates when behind. Every call goes through `read` or `write` so SQLite failures
 * become StoreUnavailableError; `write` runs under BEGIN IMMEDIATE, which takes the write lock
 * before the first read, so read-modify-write steps stay exact across processes.
 */
export class SqliteConnection {
  readonly path: string;
  private db: Database | null = null;
  private closed = false;
  private readonly statements = new Map<string, Statement>();
  /** One transaction wrapper per connection: better-sqlite3 builds four closures per `transaction()`. */
  private transactions: { immediate: (fn: () => unknown) => unknown; deferred: (fn: () => unknown) => unknown } | null = null;

  constructor(private readonly options: SqliteConnectionOptions) {
    this.path = resolve(options.path);
  }

  /** Opens (and migrates) if not yet open. */
  open(): Database {
    if (this.closed) throw new StoreUnavailableError(`The store ${this.path} was closed; open a new one.`);
    if (this.db) return this.db;
    let db: Database | null = null;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      db = new BetterSqlite3(this.path, { timeout: this.options.busyTimeoutMs });
      if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db, MIGRATIONS, this.path);
      this.db = db;
      return db;
    } catch (error) {
      if (db?.open) db.close();
      throw this.translate(error);
    }
  }

  /** A cached prepared statement of the open connection. */
  statement(sql: string): Statement {
    const cached = this.statements.get(sql);
    if (cached) return cached;
    const prepared = this.open().prepare(sql);
    this.statements.set(sql, prepared);
    return prepared;
  }

  /** Runs `fn` in a BEGIN IMMEDIATE transaction. */
  write<T>(fn: () => T): T {
    try {
      return this.transactionRunner().immediate(fn) as T;
    } catch (error) {
      throw this.translate(error);
    }
  }

  /** Runs `fn` in a deferred transaction: one consistent snapshot for several reads. */
  read<T>(fn: () => T): T {
    try {
      return this.transactionRunner().deferred(fn) as T;
    } catch (error) {
      throw this.translate(error);
    }
  }

  private transactionRunner(): NonNullable<SqliteConnection['transactions']> {
    if (!this.transactions) {
      const run = this.open().transaction((fn: () => unknown) => fn());
      this.transactions = { immediate: run.immediate, deferred: run.deferred };
    }
    return this.transactions;
  }

  close(): void {
    this.closed = true;
    this.transactions = null;
    this.statements.clear();
    const db = this.db;
    this.db = null;
    if (db?.open) db.close();
  }

  private translate(error: unknown): unknown {
    return toStoreError(error, this.path, this.options.busyTimeoutMs);
  }
}
