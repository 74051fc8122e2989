import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import { StoreUnavailableError } from '../../domain/errors.js';
import { makeDirectories } from '../../fs/make-directories.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { toStoreError } from './store-unavailable.js';
import { WalCheckpointer } from './wal-checkpointer.js';

export interface SqliteConnectionOptions {
  path: string;
  busyTimeoutMs: number;
}

/** Writes committed together at most; more wait for the next commit. */
const MAX_BATCH = 8;
/** A connection that has committed this often is a long-running writer: its checkpoints move to a thread. */
const BACKGROUND_CHECKPOINTS_AFTER_COMMITS = 100;
const BACKGROUND_CHECKPOINT_EVERY_MS = 200;
/** About 500 log pages at a typical 16 pages a commit: the log stays well below SQLite's 1 000-page default. */
const BACKGROUND_CHECKPOINT_EVERY_COMMITS = 32;
const BACKGROUND_CHECKPOINT_AT_LEAST_EVERY_MS = 1_000;
/** SQLite's own default: checkpoint inside the commit that grows the log past this many pages. */
const INLINE_CHECKPOINT_PAGES = 1000;
/** A log that grew while checkpoints could not keep up is cut back to this size once it is reset. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

interface PendingWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * One lazily opened better-sqlite3 connection. Opening creates the directory, sets WAL and the busy
 * timeout, and migrates when behind. Every call goes through `query`, `read` or `write` so SQLite
 * failures become StoreUnavailableError; writes run under BEGIN IMMEDIATE, which takes the write lock
 * before the first read, so read-modify-write steps stay exact across processes.
 *
 * Writes are group-committed: those queued in one turn of the event loop share one transaction, each
 * in its own savepoint, so one failing write rolls back only itself. A commit costs far more than the
 * statements of a typical write, and under concurrent load this turns dozens of commits into one.
 */
export class SqliteConnection {
  readonly path: string;
  private db: Database | null = null;
  private closed = false;
  private readonly statements = new Map<string, Statement>();
  /** One transaction wrapper per connection: better-sqlite3 builds four closures per `transaction()`. */
  private transactions: { immediate: (fn: () => unknown) => unknown; deferred: (fn: () => unknown) => unknown; nested: (fn: () => unknown) => unknown } | null = null;
  private pending: PendingWrite[] = [];
  /** A batch is waiting for another process to release the write lock. */
  private waitingForLock = false;
  private lockWaitStartedAt: number | null = null;
  private commits = 0;
  private checkpointer: WalCheckpointer | null = null;

  constructor(private readonly options: SqliteConnectionOptions) {
    this.path = resolve(options.path);
  }

  /** Opens (and migrates) if not yet open. */
  open(): Database {
    if (this.closed) throw new StoreUnavailableError(`The store ${this.path} was closed; open a new one.`);
    if (this.db) return this.db;
    let db: Database | null = null;
    try {
      makeDirectories(dirname(this.path));
      db = new BetterSqlite3(this.path, { timeout: this.options.busyTimeoutMs });
      if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // The savepoint of each group-committed write keeps a statement journal; on disk that was
      // four temp-file writes per governed request.
      db.pragma('temp_store = MEMORY');
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
      migrate(db, MIGRATIONS, this.path);
      // From here on a taken lock fails fast: write batches wait for it off the event loop, and the
      // rare busy read retries once with SQLite's (blocking) busy handler (see `withBusyRetry`).
      db.pragma('busy_timeout = 0');
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

  /**
   * Runs `fn` atomically under the write lock, in the next group commit. `fn` must be synchronous and
   * must not queue other writes; it throws to roll its own changes back.
   */
  write<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run: fn, resolve: resolve as (value: unknown) => void, reject });
      if (this.waitingForLock) return;
      if (this.pending.length === 1) setImmediate(this.flush);
      // A burst of requests would otherwise advance in lock-step, each waiting for all the others'
      // writes; a full batch commits at once so the first requests move on.
      else if (this.pending.length === MAX_BATCH) queueMicrotask(this.flush);
    });
  }

  /** Runs `fn` in a deferred transaction: one consistent snapshot for several reads. */
  read<T>(fn: () => T): T {
    return this.withBusyRetry(() => this.transactionRunner().deferred(fn) as T);
  }

  /** One statement (atomic by itself): no transaction around it. */
  query<T>(fn: () => T): T {
    return this.withBusyRetry(() => {
      this.open();
      return fn();
    });
  }

  /**
   * Runs a read without waiting for locks; in the rare case it finds the file busy (WAL mode readers
   * wait only while another connection recovers or resets the log), once more with SQLite's busy
   * handler on. Writes never come here: their batches wait for the lock off the event loop.
   */
  private withBusyRetry<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (!isBusy(error) || !this.db?.open) throw this.translate(error);
    }
    const db = this.db;
    db.pragma(`busy_timeout = ${this.options.busyTimeoutMs}`);
    try {
      return fn();
    } catch (error) {
      throw this.translate(error);
    } finally {
      if (db.open) db.pragma('busy_timeout = 0');
    }
  }

  /**
   * Commits every queued write: one IMMEDIATE transaction, a savepoint per write when there are
   * several. When another process holds the write lock, the batch waits without blocking the event
   * loop (SQLite's own busy handler would sleep in it) and is retried, joined by the writes queued
   * meanwhile, until the busy timeout has passed.
   */
  private readonly flush = (): void => {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let began = false;
    let outcomes: Outcome[];
    try {
      const runner = this.transactionRunner();
      const inTransaction = (run: () => unknown): unknown => {
        began = true;
        return run();
      };
      outcomes = (batch.length === 1
        ? [{ ok: true, value: runner.immediate(() => inTransaction(batch[0]!.run)) }]
        : runner.immediate(() => inTransaction(() => batch.map((write) => attempt(() => runner.nested(write.run)))))) as Outcome[];
    } catch (error) {
      if (!began && isBusy(error) && this.retryLater(batch)) return;
      this.lockWaitStartedAt = null;
      const failure = this.translate(error);
      for (const write of batch) write.reject(failure);
      return;
    }
    this.lockWaitStartedAt = null;
    if (++this.commits === BACKGROUND_CHECKPOINTS_AFTER_COMMITS) this.checkpointInBackground();
    this.checkpointer?.noteCommit();
    outcomes.forEach((outcome, i) => {
      const write = batch[i]!;
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(this.translate(outcome.error));
    });
  };

  /** Puts a batch that found the write lock taken back in front of the queue; false once the wait is over. */
  private retryLater(batch: PendingWrite[]): boolean {
    const now = performance.now();
    this.lockWaitStartedAt ??= now;
    const waited = now - this.lockWaitStartedAt;
    if (waited >= this.options.busyTimeoutMs) return false;
    this.pending = [...batch, ...this.pending];
    this.waitingForLock = true;
    const retry = (): void => {
      this.waitingForLock = false;
      this.flush();
    };
    // A lock is usually held for well under a millisecond; back off to a few ms when it is not.
    if (waited < 1) setImmediate(retry);
    else setTimeout(retry, Math.min(10, Math.ceil(waited / 4)));
    return true;
  }

  /** Hands checkpoints to a thread of their own; back to SQLite's inline ones if that thread fails. */
  private checkpointInBackground(): void {
    const db = this.db;
    if (!db) return;
    const inline = (): void => {
      this.checkpointer = null;
      if (this.db?.open) this.db.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`);
    };
    try {
      db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new WalCheckpointer({
        path: this.path,
        everyMs: BACKGROUND_CHECKPOINT_EVERY_MS,
        everyCommits: BACKGROUND_CHECKPOINT_EVERY_COMMITS,
        atLeastEveryMs: BACKGROUND_CHECKPOINT_AT_LEAST_EVERY_MS,
        onFailure: inline,
      });
    } catch {
      inline(); // no thread to be had (resource limits): SQLite keeps checkpointing inline
    }
  }

  /** Whether checkpoints currently run on their own thread. */
  get checkpointsInBackground(): boolean {
    return this.checkpointer !== null;
  }

  /** Checkpoints the thread has run (0 without one). */
  get backgroundCheckpoints(): number {
    return this.checkpointer?.checkpointsRun ?? 0;
  }

  private transactionRunner(): NonNullable<SqliteConnection['transactions']> {
    if (!this.transactions) {
      const run = this.open().transaction((fn: () => unknown) => fn());
      // Called inside an open transaction, a better-sqlite3 transaction function uses a savepoint.
      this.transactions = { immediate: run.immediate, deferred: run.deferred, nested: run };
    }
    return this.transactions;
  }

  close(): void {
    if (this.pending.length > 0) this.flush();
    this.checkpointer?.stop();
    this.checkpointer = null;
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

function isBusy(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : null;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

function attempt(fn: () => unknown): Outcome {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}
