import { describe, expect, it } from 'vitest';
import { at, jobRecord, uid } from './fixtures.js';
import { useFreshStore, type OpenStore } from './opened-store.js';

/** Jobs: oldest-first exclusive claims with leases, heartbeats, completion, requeue, expiry. */
export function describeJobContract(open: OpenStore): void {
  describe('jobs', () => {
    const store = useFreshStore(open);

    it('stores an enqueued job and counts it as queued', async () => {
      const job = jobRecord({ kind: 'generation' });
      await store().jobs.enqueue(job);
      expect(await store().jobs.get(job.id)).toEqual(job);
      expect(await store().jobs.get(uid('missing'))).toBeNull();
      expect(await store().jobs.countQueued()).toBe(1);
    });

    it('keeps whether the job skips the cache, through claims', async () => {
      const job = jobRecord({ noCache: true });
      await store().jobs.enqueue(job);
      expect(await store().jobs.get(job.id)).toEqual(job);
      expect(await store().jobs.claimNext('worker-1', at(3000), at(63_000))).toMatchObject({ id: job.id, noCache: true });
    });

    it('claims the oldest queued job, leased to the owner, with one more attempt', async () => {
      const newer = jobRecord({ createdAt: at(2000) });
      const oldest = jobRecord({ createdAt: at(1000), attempts: 1 });
      await store().jobs.enqueue(newer);
      await store().jobs.enqueue(oldest);
      const claimed = await store().jobs.claimNext('worker-1', at(3000), at(63_000));
      const expected = { ...oldest, state: 'running', attempts: 2, leaseOwner: 'worker-1', leaseExpiresAt: at(63_000) };
      expect(claimed).toEqual(expected);
      expect(await store().jobs.get(oldest.id)).toEqual(expected);
      expect(await store().jobs.countQueued()).toBe(1);
      expect((await store().jobs.claimNext('worker-2', at(3000), at(63_000)))?.id).toBe(newer.id);
      expect(await store().jobs.claimNext('worker-3', at(3000), at(63_000))).toBeNull();
      expect(await store().jobs.countQueued()).toBe(0);
    });

    it('claims a job by id only while it is queued, and only once among concurrent claimers', async () => {
      const job = jobRecord({ attempts: 1 });
      await store().jobs.enqueue(job);
      const claims = await Promise.all(['sqs:a', 'sqs:b', 'sqs:c'].map((owner) => store().jobs.claim(job.id, owner, at(3000), at(63_000))));
      const won = claims.filter((claimed) => claimed !== null);
      expect(won).toHaveLength(1);
      expect(won[0]).toMatchObject({ id: job.id, state: 'running', attempts: 2, leaseExpiresAt: at(63_000) });
      expect(await store().jobs.get(job.id)).toEqual(won[0]);
      expect(await store().jobs.countQueued()).toBe(0);
      await store().jobs.complete(job.id);
      expect(await store().jobs.claim(job.id, 'sqs:d', at(4000), at(64_000))).toBeNull();
      expect(await store().jobs.claim(uid('missing'), 'sqs:e', at(4000), at(64_000))).toBeNull();
      expect(await store().jobs.get(uid('missing'))).toBeNull();
    });

    it('gives concurrent claimers different jobs', async () => {
      for (let i = 0; i < 4; i += 1) await store().jobs.enqueue(jobRecord({ createdAt: at(i) }));
      const claims = await Promise.all(['w1', 'w2', 'w3', 'w4', 'w5', 'w6'].map((w) => store().jobs.claimNext(w, at(100), at(1000))));
      const ids = claims.filter((c) => c !== null).map((c) => c.id);
      expect(ids).toHaveLength(4);
      expect(new Set(ids).size).toBe(4);
    });

    it('extends the lease only for its owner while running', async () => {
      const job = jobRecord();
      await store().jobs.enqueue(job);
      await store().jobs.claimNext('w1', at(0), at(1000));
      expect(await store().jobs.heartbeat(job.id, 'w1', at(5000))).toBe(true);
      expect((await store().jobs.get(job.id))?.leaseExpiresAt).toBe(at(5000));
      expect(await store().jobs.heartbeat(job.id, 'w2', at(9000))).toBe(false);
      expect((await store().jobs.get(job.id))?.leaseExpiresAt).toBe(at(5000));
      await store().jobs.complete(job.id);
      expect(await store().jobs.heartbeat(job.id, 'w1', at(9000))).toBe(false);
      expect(await store().jobs.heartbeat(uid('missing'), 'w1', at(9000))).toBe(false);
    });

    it('completes a job: done, no longer claimable or expired', async () => {
      const job = jobRecord();
      await store().jobs.enqueue(job);
      await store().jobs.claimNext('w1', at(0), at(1000));
      await store().jobs.complete(job.id);
      expect((await store().jobs.get(job.id))?.state).toBe('done');
      expect(await store().jobs.claimNext('w2', at(5000), at(6000))).toBeNull();
      expect(await store().jobs.listExpired(at(5000), 10)).toEqual([]);
    });

    it('requeues a running job so it can be claimed again, keeping its attempts', async () => {
      const job = jobRecord();
      await store().jobs.enqueue(job);
      await store().jobs.claimNext('w1', at(0), at(1000));
      await store().jobs.requeue(job.id);
      const requeued = await store().jobs.get(job.id);
      expect(requeued).toMatchObject({ state: 'queued', attempts: 1, leaseOwner: null, leaseExpiresAt: null });
      expect(await store().jobs.countQueued()).toBe(1);
      expect(await store().jobs.heartbeat(job.id, 'w1', at(2000))).toBe(false);
      expect(await store().jobs.claimNext('w2', at(10), at(1000))).toMatchObject({ id: job.id, attempts: 2, leaseOwner: 'w2' });
    });

    it('requeues a job whose run was stopped on purpose without counting that claim as an attempt', async () => {
      const job = jobRecord();
      await store().jobs.enqueue(job);
      await store().jobs.claimNext('w1', at(0), at(1000));
      await store().jobs.requeue(job.id, { refundAttempt: true });
      expect(await store().jobs.get(job.id)).toMatchObject({ state: 'queued', attempts: 0, leaseOwner: null });
      expect(await store().jobs.claimNext('w2', at(10), at(1000))).toMatchObject({ id: job.id, attempts: 1, leaseOwner: 'w2' });
      await store().jobs.requeue(job.id, { refundAttempt: true });
      await store().jobs.requeue(job.id, { refundAttempt: true });
      expect(await store().jobs.get(job.id)).toMatchObject({ state: 'queued', attempts: 0 });
    });

    it('lists running jobs whose lease expired before now, up to the limit', async () => {
      const jobs = [jobRecord({ createdAt: at(0) }), jobRecord({ createdAt: at(1) }), jobRecord({ createdAt: at(2) }), jobRecord({ createdAt: at(3) })];
      for (const j of jobs) await store().jobs.enqueue(j);
      await store().jobs.claimNext('w', at(10), at(1000));
      await store().jobs.claimNext('w', at(10), at(2000));
      await store().jobs.claimNext('w', at(10), at(3000));
      expect(await store().jobs.listExpired(at(1000), 10)).toEqual([]);
      const expired = await store().jobs.listExpired(at(2500), 10);
      expect(expired.map((j) => j.id).sort()).toEqual([jobs[0]?.id, jobs[1]?.id].sort());
      expect(expired.every((j) => j.state === 'running')).toBe(true);
      expect(await store().jobs.listExpired(at(10_000), 2)).toHaveLength(2);
      expect(await store().jobs.listExpired(at(10_000), 10)).toHaveLength(3);
    });
  });
}
