import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AIIntegration } from '../app/ai-integration.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { JobRecord, Store } from '../ports/store.js';

export type JobOutcome = 'completed' | 'errored' | 'handed_back' | 'lease_lost';
export type RecoveryOutcome = Awaited<ReturnType<AIIntegration['recoverJob']>>;

export interface JobWorkerPoolOptions {
  app: Pick<AIIntegration, 'runJob' | 'recoverJob'>;
  store: Pick<Store, 'jobs' | 'quota'>;
  logger: Logger;
  clock?: Clock;
  /** Jobs this process runs at once; default 4. */
  concurrency?: number;
  /** How long a claim lasts without a heartbeat; heartbeats renew it every third of it. Default 30 s. */
  leaseMs?: number;
  /** Pause between claims while the queue is empty (a local submit wakes the pool at once); default 250 ms. */
  pollMs?: number;
  /** How often expired leases (vanished workers) are looked for; default 5 s. */
  recoverEveryMs?: number;
  /** Lease owner written on claims; default `<host>:<pid>:<random>`. */
  owner?: string;
  onJobFinished?: (job: JobRecord, outcome: JobOutcome) => void;
  onJobRecovered?: (jobId: string, outcome: RecoveryOutcome) => void;
}

export interface StopReport {
  /** Jobs that finished within the deadline. */
  finished: number;
  /** Jobs still running at the deadline, handed back to the queue (their aggregate queued again, never timed out). */
  handedBack: number;
}

export interface JobWorkerPool {
  readonly owner: string;
  /** Recovers expired leases once, then claims and runs jobs until `stop`. */
  start(): void;
  /** A job was queued: claim without waiting for the next poll. */
  notify(): void;
  /** Jobs running in this process now. */
  inFlight(): number;
  /** Hands expired leases to the core (retry once, else time out); returns how many were found. */
  recoverExpired(): Promise<number>;
  /**
   * Stops claiming, waits up to `deadlineMs` (default 25 s) for running jobs, then hands the rest back
   * to the queue so another process (or this one after a restart) picks them up.
   */
  stop(options?: { deadlineMs?: number }): Promise<StopReport>;
}

interface Running {
  job: JobRecord;
  controller: AbortController;
  handedBack: boolean;
  done: Promise<void>;
}

const RECOVER_BATCH = 100;

/**
 * The durable job worker pool: bounded concurrency, leases renewed by heartbeats while the core
 * runs a job, and a periodic sweep that gives jobs of vanished workers back to the core.
 */
export function createJobWorkerPool(options: JobWorkerPoolOptions): JobWorkerPool {
  const { app, store, logger } = options;
  const clock = options.clock ?? systemClock;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 250;
  const recoverEveryMs = options.recoverEveryMs ?? 5_000;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const running = new Map<string, Running>();
  let stopping = false;
  let loop: Promise<void> | null = null;
  let recoverTimer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  let notified = false;
  let stopped: Promise<StopReport> | null = null;

  const leaseUntil = (): string => new Date(clock.now().getTime() + leaseMs).toISOString();

  const wakeLoop = (): void => {
    notified = true;
    const resolve = wake;
    wake = null;
    resolve?.();
  };

  const pause = (ms: number): Promise<void> => new Promise((resolve) => {
    if (notified) {
      notified = false;
      resolve();
      return;
    }
    const timer = setTimeout(() => { wake = null; resolve(); }, ms);
    wake = () => { clearTimeout(timer); resolve(); };
  });

  const run = (job: JobRecord): void => {
    const controller = new AbortController();
    const entry: Running = { job, controller, handedBack: false, done: Promise.resolve() };
    let leaseLost = false;
    const heartbeat = setInterval(() => {
      store.jobs.heartbeat(job.id, owner, leaseUntil()).then((held) => {
        if (held || entry.handedBack) return;
        leaseLost = true;
        logger.warn({ jobId: job.id }, 'job lease lost (another worker recovered it); abandoning this run');
        controller.abort(new Error('job lease lost'));
      }, (error: unknown) => logger.error({ jobId: job.id, err: error }, 'job heartbeat failed'));
    }, Math.max(50, Math.floor(leaseMs / 3)));
    heartbeat.unref();

    entry.done = (async () => {
      let outcome: JobOutcome = 'completed';
      try {
        await app.runJob(job.id, { signal: controller.signal });
        if (entry.handedBack) outcome = 'handed_back';
        else if (leaseLost) outcome = 'lease_lost';
        else await store.jobs.complete(job.id);
      } catch (error) {
        outcome = entry.handedBack ? 'handed_back' : leaseLost ? 'lease_lost' : 'errored';
        // Not completed on purpose: the lease expires and the recovery sweep retries or times it out.
        if (outcome === 'errored') logger.error({ jobId: job.id, kind: job.kind, err: error }, 'job run failed; its lease will expire and recovery will retry or time it out');
      } finally {
        clearInterval(heartbeat);
        running.delete(job.id);
        options.onJobFinished?.(job, outcome);
        wakeLoop();
      }
    })();
    running.set(job.id, entry);
  };

  const claimLoop = async (): Promise<void> => {
    while (!stopping) {
      if (running.size >= concurrency) {
        await pause(pollMs);
        continue;
      }
      let job: JobRecord | null = null;
      notified = false;
      try {
        job = await store.jobs.claimNext(owner, clock.now().toISOString(), leaseUntil());
      } catch (error) {
        logger.error({ err: error }, 'claiming a job failed; retrying after a pause');
      }
      if (stopping && job) {
        await store.jobs.requeue(job.id);
        break;
      }
      if (job) run(job);
      else await pause(pollMs);
    }
  };

  const recoverExpired = async (): Promise<number> => {
    const now = clock.now().toISOString();
    const expired = await store.jobs.listExpired(now, RECOVER_BATCH);
    for (const job of expired) {
      if (running.has(job.id)) continue;
      try {
        const outcome = await app.recoverJob(job.id);
        logger.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, outcome }, 'recovered a job whose worker vanished');
        options.onJobRecovered?.(job.id, outcome);
      } catch (error) {
        logger.error({ jobId: job.id, err: error }, 'recovering an expired job failed; the next sweep tries again');
      }
    }
    await store.quota.releaseExpired(now);
    if (expired.length > 0) wakeLoop();
    return expired.length;
  };

  const sweep = (): void => {
    recoverExpired().catch((error: unknown) => logger.error({ err: error }, 'job recovery sweep failed'));
  };

  const handBack = async (entry: Running): Promise<void> => {
    entry.handedBack = true;
    try {
      const outcome = await app.recoverJob(entry.job.id, { handBack: true });
      logger.warn({ jobId: entry.job.id, outcome }, 'shutdown deadline reached; job handed back');
    } catch (error) {
      logger.error({ jobId: entry.job.id, err: error }, 'handing a job back failed; its lease will expire and recovery will take it');
    }
    entry.controller.abort(new Error('server shutting down'));
  };

  const stopPool = async (deadlineMs: number): Promise<StopReport> => {
    stopping = true;
    if (recoverTimer) clearInterval(recoverTimer);
    recoverTimer = null;
    wakeLoop();
    await loop;
    loop = null;
    const before = running.size;
    const all = Promise.all([...running.values()].map((entry) => entry.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((resolve) => { timer = setTimeout(resolve, deadlineMs); })]);
    clearTimeout(timer);
    const late = [...running.values()];
    await Promise.all(late.map(handBack));
    // Give the aborted runs a moment to unwind so their logs and metrics are not cut off.
    await Promise.race([Promise.all(late.map((entry) => entry.done)), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    return { finished: before - late.length, handedBack: late.length };
  };

  return {
    owner,
    start() {
      if (loop || stopped) return;
      loop = (async () => {
        try {
          await recoverExpired();
        } catch (error) {
          logger.error({ err: error }, 'job recovery at start failed');
        }
        await claimLoop();
      })();
      recoverTimer = setInterval(sweep, recoverEveryMs);
      recoverTimer.unref();
    },
    notify: wakeLoop,
    inFlight: () => running.size,
    recoverExpired,
    stop(stopOptions = {}) {
      stopped ??= stopPool(stopOptions.deadlineMs ?? 25_000);
      return stopped;
    },
  };
}
