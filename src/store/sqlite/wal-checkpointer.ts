import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Slots of the array shared with the thread. */
const CLOSED = 0;
const COMMITS = 1;
const CHECKPOINTS = 2;

/**
 * The worker's program, kept as source because a worker file next to this one would not exist when
 * the TypeScript sources run directly (tests). It opens its own connection and runs a PASSIVE
 * checkpoint (never waits for a lock, never blocks writers) when the writer has committed
 * `everyCommits` times since the last one, or at all within `atLeastEveryMs`, or the last one could
 * not copy the whole log (readers held it back). Each checkpoint syncs the log and the file to disk,
 * so a lightly loaded service checkpoints about once a second and an idle one not at all. On "stop"
 * it closes its connection and raises the shared `closed` flag.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const shared = new Int32Array(workerData.shared);
const db = new Database(workerData.path, { fileMustExist: true, timeout: 0 });
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let seenCommits = 0;
let lastCheckpointAt = 0;
let behind = false;
const timer = setInterval(() => {
  const commits = Atomics.load(shared, ${COMMITS});
  const now = Date.now();
  const due = commits - seenCommits >= workerData.everyCommits || (commits !== seenCommits && now - lastCheckpointAt >= workerData.atLeastEveryMs);
  if (!due && !behind) return;
  seenCommits = commits;
  lastCheckpointAt = now;
  try {
    const result = checkpoint.get();
    behind = result.checkpointed < result.log;
  } catch {
    behind = true; // the file is busy or gone: the next round retries
  }
  Atomics.add(shared, ${CHECKPOINTS}, 1);
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  Atomics.store(shared, ${CLOSED}, 1);
  Atomics.notify(shared, ${CLOSED});
  parentPort.close();
});
`;

/** Longest wait in `stop` for the thread to close its connection (it may be mid-checkpoint). */
const STOP_WAIT_MS = 5_000;

export interface WalCheckpointerOptions {
  path: string;
  /** How often the thread looks at what was committed. */
  everyMs: number;
  /** Checkpoint at the next look once the writer has committed this often since the last checkpoint… */
  everyCommits: number;
  /** …or once this long has passed since it, when anything was committed at all. */
  atLeastEveryMs: number;
  /** Called when the worker could not start or died: checkpoints must move back to the writer. */
  onFailure: (error: unknown) => void;
}

/**
 * Copies the write-ahead log back into the database file on a thread of its own. SQLite otherwise
 * checkpoints inside whichever commit pushes the log past 1 000 pages, and that commit (on the event
 * loop) then reads and writes megabytes and waits for two fsyncs — the slowest requests of a busy
 * service were the ones that happened to commit then.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly shared = new Int32Array(new SharedArrayBuffer(12));
  private stopped = false;

  constructor(options: WalCheckpointerOptions) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path: options.path, everyMs: options.everyMs, everyCommits: options.everyCommits, atLeastEveryMs: options.atLeastEveryMs, shared: this.shared.buffer } });
    this.worker.unref();
    const fail = (error: unknown): void => {
      if (this.stopped) return;
      this.stopped = true;
      options.onFailure(error);
    };
    this.worker.once('error', fail);
    this.worker.once('exit', (code) => fail(new Error(`the checkpoint thread exited with code ${code}`)));
  }

  /**
   * Ends the thread and waits (synchronously, at most a few seconds) until its connection is closed,
   * so the writer's own close is the last one: SQLite then checkpoints the whole log into the file
   * and removes it, leaving a database file that is complete on its own.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.worker.postMessage('stop');
    Atomics.wait(this.shared, CLOSED, 0, STOP_WAIT_MS);
  }

  /** Tells the thread the writer committed: its next round checkpoints. */
  noteCommit(): void {
    Atomics.add(this.shared, COMMITS, 1);
  }

  /** Checkpoints the thread has run so far. */
  get checkpointsRun(): number {
    return Atomics.load(this.shared, CHECKPOINTS);
  }
}
