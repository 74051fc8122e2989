import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../ports/store.js';
import { ConcurrentModificationError } from '../../ports/store.js';
import { analysisRecord, at, jobRecord, limitEvent, uid } from './fixtures.js';

/** Two clients over the same, initially empty data (two connections, two processes' worth of SDK clients). */
export interface OpenedStorePair {
  first: Store;
  second: Store;
  cleanup: () => Promise<void>;
}

export type OpenStorePair = () => Promise<OpenedStorePair>;

/**
 * What several processes sharing one store rely on, with two independent clients: each sees the
 * other's writes, optimistic versions hold across them, and quota, outbox and job claims stay
 * exclusive when the clients race.
 */
export function describeSharedStoreContract(name: string, openPair: OpenStorePair): void {
  describe(`Store contract, two clients: ${name}`, () => {
    let pair: OpenedStorePair | null = null;
    beforeEach(async () => { pair = await openPair(); });
    afterEach(async () => {
      const opened = pair;
      pair = null;
      if (opened) await opened.cleanup();
    });
    const clients = (): [Store, Store] => {
      if (!pair) throw new Error('The store pair is only available inside a test.');
      return [pair.first, pair.second];
    };

    it('shows each client the other\'s writes', async () => {
      const [a, b] = clients();
      const saved = await a.analyses.save(analysisRecord(), []);
      expect(await b.analyses.get(saved.orgId, saved.id)).toEqual(saved);
      await b.cache.put({ key: 'k', value: '"v"', createdAt: at(0), expiresAt: at(1000) });
      expect((await a.cache.get('k', at(1)))?.value).toBe('"v"');
    });

    it('keeps optimistic versions across clients', async () => {
      const [a, b] = clients();
      const saved = await a.analyses.save(analysisRecord(), []);
      const loadedByB = await b.analyses.get(saved.orgId, saved.id);
      await a.analyses.save(saved, []);
      await expect(b.analyses.save(loadedByB ?? saved, [])).rejects.toBeInstanceOf(ConcurrentModificationError);
    });

    it('admits exactly L of reserves racing from both clients', async () => {
      const [a, b] = clients();
      const limit = 9;
      const expiresAt = at(86_400_000);
      const outcomes = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? a : b).quota.reserve({
        reservationId: uid('res'), increments: [{ key: 'shared', amount: 1, limit, expiresAt }], leaseExpiresAt: at(60_000), now: at(0),
      })));
      expect(outcomes.filter((o) => o.ok)).toHaveLength(limit);
      expect((await a.quota.readCounters(['shared'])).get('shared')).toBe(limit);
      expect((await b.quota.readCounters(['shared'])).get('shared')).toBe(limit);
    });

    it('releases a reservation once whichever client asks', async () => {
      const [a, b] = clients();
      await a.quota.reserve({ reservationId: 'r1', increments: [{ key: 'k', amount: 2, limit: 2, expiresAt: at(86_400_000) }], leaseExpiresAt: at(1000), now: at(0) });
      const released = await Promise.all([a.quota.release('r1', at(1)), b.quota.release('r1', at(1)), b.quota.releaseExpired(at(5000))]);
      expect(released.filter((r) => r === true || r === 1)).toHaveLength(1);
      expect((await a.quota.readCounters(['k'])).get('k')).toBe(0);
    });

    it('never hands the same outbox event or job to both clients', async () => {
      const [a, b] = clients();
      await a.outbox.append(Array.from({ length: 8 }, (_, i) => limitEvent(at(i))));
      for (let i = 0; i < 5; i += 1) await b.jobs.enqueue(jobRecord({ createdAt: at(i) }));
      const [ea, eb] = await Promise.all([a.outbox.claim(8, at(100), 60_000), b.outbox.claim(8, at(100), 60_000)]);
      const events = [...ea, ...eb].map((e) => e.event.id);
      expect(events).toHaveLength(8);
      expect(new Set(events).size).toBe(8);
      const jobs = await Promise.all(Array.from({ length: 7 }, (_, i) => (i % 2 === 0 ? a : b).jobs.claimNext(`w${i}`, at(100), at(1000))));
      const claimed = jobs.filter((j) => j !== null).map((j) => j.id);
      expect(claimed).toHaveLength(5);
      expect(new Set(claimed).size).toBe(5);
    });
  });
}
