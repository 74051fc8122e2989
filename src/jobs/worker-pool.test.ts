import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { AIIntegration } from '../app/ai-integration.js';
import type { JobRecord, Store } from '../ports/store.js';
import { openTempSqliteStore } from '../store/sqlite/test-support/temp-store.js';
import { createJobWorkerPool, type JobWorkerPool } from './worker-pool.js';

const logger = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

function job(id: string, createdAt = new Date().toISOString()): JobRecord {
  return { id, kind: 'analysis', orgId: 'acme', state: 'queued', attempts: 0, leaseOwner: null, leaseExpiresAt: null, createdAt, noCache: false };
}

/** The two core calls the pool makes, recorded; each run waits until the test releases it. */
function recordingCore() {
  const started: string[] = [];
  const recovered: string[] = [];
  const handedBack: string[] = [];
  const releases = new Map<string, (error?: Error) => void>();
  let running = 0;
  let maxRunning = 0;
  const core: Pick<AIIntegration, 'runJob' | 'recoverJob'> = {
    runJob: (id, options) => new Promise<void>((resolve, reject) => {
      started.push(id);
      running++;
      maxRunning = Math.max(maxRunning, running);
      const finish = (error?: Error) => { running--; if (error) reject(error); else resolve(); };
      releases.set(id, finish);
      options?.signal?.addEventListener('abort', () => finish(new Error('aborted')));
    }),
    recoverJob: async (id, options) => {
      recovered.push(id);
      if (options?.handBack) handedBack.push(id);
      return 'retried';
    },
  };
  return { core, started, recovered, handedBack, release: (id: string, error?: Error) => releases.get(id)?.(error), maxRunning: () => maxRunning };
}

async function until(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function setup(concurrency: number, leaseMs = 30_000): Promise<{ store: Store; pool: JobWorkerPool; rec: ReturnType<typeof recordingCore> }> {
  const { store, cleanup } = await openTempSqliteStore();
  const rec = recordingCore();
  const pool = createJobWorkerPool({ app: rec.core, store, logger, concurrency, leaseMs, pollMs: 20, recoverEveryMs: 60_000 });
  cleanups.push(cleanup, async () => { await pool.stop({ deadlineMs: 10 }); });
  return { store, pool, rec };
}

describe('job worker pool', () => {
  it('runs queued jobs oldest first, never more than its concurrency at once, and completes them', async () => {
    const { store, pool, rec } = await setup(2);
    const base = Date.now();
    for (let i = 0; i < 5; i++) await store.jobs.enqueue(job(`j${i}`, new Date(base + i).toISOString()));
    pool.start();
    await until(() => rec.started.length === 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(rec.started).toEqual(['j0', 'j1']);
    for (let i = 0; i < 5; i++) {
      await until(() => rec.started.includes(`j${i}`));
      rec.release(`j${i}`);
    }
    await until(async () => (await store.jobs.get('j4'))?.state === 'done');
    expect(rec.maxRunning()).toBe(2);
    expect(rec.started).toEqual(['j0', 'j1', 'j2', 'j3', 'j4']);
    expect((await store.jobs.get('j0'))?.state).toBe('done');
  });

  it('keeps the lease alive with heartbeats while a job runs', async () => {
    const { store, pool, rec } = await setup(1, 300);
    await store.jobs.enqueue(job('long'));
    pool.start();
    await until(() => rec.started.includes('long'));
    await new Promise((r) => setTimeout(r, 900));
    expect(await store.jobs.listExpired(new Date().toISOString(), 10)).toEqual([]);
    const running = await store.jobs.get('long');
    expect(running?.state).toBe('running');
    expect(running?.leaseOwner).toBe(pool.owner);
    rec.release('long');
    await until(async () => (await store.jobs.get('long'))?.state === 'done');
  });

  it('leaves a job whose run threw to lease expiry, and the sweep hands expired jobs to the core', async () => {
    const { store, pool, rec } = await setup(1, 200);
    await store.jobs.enqueue(job('boom'));
    pool.start();
    await until(() => rec.started.includes('boom'));
    rec.release('boom', new Error('store went away'));
    await new Promise((r) => setTimeout(r, 300));
    expect((await store.jobs.get('boom'))?.state).toBe('running');
    expect(await pool.recoverExpired()).toBe(1);
    expect(rec.recovered).toEqual(['boom']);
    expect(rec.handedBack).toEqual([]);
  });

  it('recovers jobs of a vanished worker when it starts', async () => {
    const { store, pool, rec } = await setup(1);
    await store.jobs.enqueue(job('orphan'));
    await store.jobs.claimNext('dead-worker', new Date(Date.now() - 10_000).toISOString(), new Date(Date.now() - 5_000).toISOString());
    pool.start();
    await until(() => rec.recovered.includes('orphan'));
  });

  it('on stop waits for running jobs, and hands back those still running at the deadline', async () => {
    const { store, pool, rec } = await setup(2);
    await store.jobs.enqueue(job('quick', new Date(Date.now() - 2).toISOString()));
    await store.jobs.enqueue(job('slow', new Date(Date.now() - 1).toISOString()));
    pool.start();
    await until(() => rec.started.length === 2);
    setTimeout(() => rec.release('quick'), 50);
    const report = await pool.stop({ deadlineMs: 300 });
    expect(report).toEqual({ finished: 1, handedBack: 1 });
    expect(rec.recovered).toEqual(['slow']);
    expect(rec.handedBack).toEqual(['slow']);
    expect((await store.jobs.get('quick'))?.state).toBe('done');
    await store.jobs.enqueue(job('after-stop'));
    await new Promise((r) => setTimeout(r, 100));
    expect(rec.started).not.toContain('after-stop');
  });
});
