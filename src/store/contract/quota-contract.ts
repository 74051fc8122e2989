import { describe, expect, it } from 'vitest';
import type { CounterIncrement, ReserveRequest, SettleRequest } from '../../ports/store.js';
import { at, uid, usageRecord } from './fixtures.js';
import { useFreshStore, type OpenStore } from './opened-store.js';

const DAY_END = at(12 * 3600_000);

function inc(key: string, amount: number, limit: number | null): CounterIncrement {
  return { key, amount, limit, expiresAt: DAY_END };
}

function reserveRequest(increments: CounterIncrement[], leaseMs = 60_000, nowMs = 0): ReserveRequest {
  return { reservationId: uid('res'), increments, leaseExpiresAt: at(nowMs + leaseMs), now: at(nowMs) };
}

function settleRequest(reservationId: string, actual: Record<string, number>, nowMs = 1000): SettleRequest {
  return {
    reservationId,
    actual: Object.entries(actual).map(([key, amount]) => ({ key, amount, expiresAt: DAY_END })),
    usage: usageRecord({ scopes: ['org:org-a'], day: '2030-01-15', fields: { requests: 1, costMicroUsd: actual['usd'] ?? 0 } }),
    now: at(nowMs),
  };
}

/** Reserve / settle / release with leases: all-or-none, exact under concurrency, money always counted. */
export function describeQuotaContract(open: OpenStore): void {
  describe('quota: reserve', () => {
    const store = useFreshStore(open);
    const counters = async (...keys: string[]): Promise<number[]> => {
      const map = await store().quota.readCounters(keys);
      return keys.map((k) => map.get(k) ?? Number.NaN);
    };

    it('reads 0 for counters never touched, with an entry for every key asked', async () => {
      const map = await store().quota.readCounters(['a', 'b']);
      expect([...map.entries()].sort()).toEqual([['a', 0], ['b', 0]]);
    });

    it('adds every increment when all are within their limits', async () => {
      const outcome = await store().quota.reserve(reserveRequest([inc('req', 1, 5), inc('tok', 300, 1000), inc('usd', 50, null)]));
      expect(outcome).toEqual({ ok: true });
      expect(await counters('req', 'tok', 'usd')).toEqual([1, 300, 50]);
    });

    it('admits up to the limit inclusive, then refuses with the breach', async () => {
      for (let i = 0; i < 3; i += 1) expect((await store().quota.reserve(reserveRequest([inc('req', 1, 3)]))).ok).toBe(true);
      const refused = await store().quota.reserve(reserveRequest([inc('req', 1, 3)]));
      expect(refused).toEqual({ ok: false, breach: { key: 'req', limit: 3, current: 3, amount: 1 } });
      expect(await counters('req')).toEqual([3]);
    });

    it('adds nothing at all when any one increment would pass its limit', async () => {
      await store().quota.reserve(reserveRequest([inc('tok', 900, 1000)]));
      const outcome = await store().quota.reserve(reserveRequest([inc('req', 1, 10), inc('tok', 200, 1000), inc('usd', 7, null)]));
      expect(outcome).toEqual({ ok: false, breach: { key: 'tok', limit: 1000, current: 900, amount: 200 } });
      expect(await counters('req', 'tok', 'usd')).toEqual([0, 900, 0]);
    });

    it('refuses an amount larger than the limit on an empty counter', async () => {
      const outcome = await store().quota.reserve(reserveRequest([inc('usd', 501, 500)]));
      expect(outcome).toEqual({ ok: false, breach: { key: 'usd', limit: 500, current: 0, amount: 501 } });
    });

    it('treats a null limit as unlimited', async () => {
      for (let i = 0; i < 3; i += 1) expect((await store().quota.reserve(reserveRequest([inc('n', 1_000_000, null)]))).ok).toBe(true);
      expect(await counters('n')).toEqual([3_000_000]);
    });

    it('stores a reservation that touches no counter, so it can be released once', async () => {
      const request = reserveRequest([]);
      expect(await store().quota.reserve(request)).toEqual({ ok: true });
      expect(await store().quota.release(request.reservationId, at(1))).toBe(true);
      expect(await store().quota.release(request.reservationId, at(2))).toBe(false);
    });

    it('does not store a refused reservation (release of it is false)', async () => {
      const request = reserveRequest([inc('req', 2, 1)]);
      expect((await store().quota.reserve(request)).ok).toBe(false);
      expect(await store().quota.release(request.reservationId, at(1))).toBe(false);
      expect(await store().quota.releaseExpired(at(3600_000))).toBe(0);
    });

    it('admits exactly L of N concurrent reserves against limit L', async () => {
      const limit = 7;
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => store().quota.reserve(reserveRequest([inc('burst', 1, limit), inc('org-burst', 1, null)]))),
      );
      expect(outcomes.filter((o) => o.ok)).toHaveLength(limit);
      for (const o of outcomes.filter((x) => !x.ok)) expect(o).toEqual({ ok: false, breach: { key: 'burst', limit, current: limit, amount: 1 } });
      expect(await counters('burst', 'org-burst')).toEqual([limit, limit]);
    });

    it('keeps a dollar budget under concurrent reserves of different sizes', async () => {
      const amounts = [120, 80, 300, 45, 200, 99, 310, 5, 150, 60];
      const outcomes = await Promise.all(amounts.map((a) => store().quota.reserve(reserveRequest([inc('usd', a, 500)]))));
      const admitted = amounts.filter((_, i) => outcomes[i]?.ok).reduce((s, a) => s + a, 0);
      expect(admitted).toBeLessThanOrEqual(500);
      expect(await counters('usd')).toEqual([admitted]);
    });
  });

  describe('quota: settle, release, leases', () => {
    const store = useFreshStore(open);
    const counters = async (...keys: string[]): Promise<number[]> => {
      const map = await store().quota.readCounters(keys);
      return keys.map((k) => map.get(k) ?? Number.NaN);
    };

    it('settle replaces reserved amounts with actual ones and returns true', async () => {
      const r = reserveRequest([inc('req', 1, 10), inc('usd', 500, 1000), inc('tok', 4000, null)]);
      await store().quota.reserve(r);
      expect(await store().quota.settle(settleRequest(r.reservationId, { req: 1, usd: 130, tok: 1500 }))).toBe(true);
      expect(await counters('req', 'usd', 'tok')).toEqual([1, 130, 1500]);
    });

    it('settle counts a reserved key absent from actual as 0', async () => {
      const r = reserveRequest([inc('req', 1, 10), inc('concurrent', 1, 2)]);
      await store().quota.reserve(r);
      await store().quota.settle(settleRequest(r.reservationId, { req: 1 }));
      expect(await counters('req', 'concurrent')).toEqual([1, 0]);
    });

    it('settle adds actual amounts for keys that were not reserved', async () => {
      const r = reserveRequest([inc('req', 1, 10)]);
      await store().quota.reserve(r);
      await store().quota.settle(settleRequest(r.reservationId, { req: 1, extra: 42 }));
      expect(await counters('req', 'extra')).toEqual([1, 42]);
    });

    it('settle may push a counter past its limit: money spent is counted', async () => {
      const r = reserveRequest([inc('usd', 100, 100)]);
      await store().quota.reserve(r);
      await store().quota.settle(settleRequest(r.reservationId, { usd: 140 }));
      expect(await counters('usd')).toEqual([140]);
      const next = await store().quota.reserve(reserveRequest([inc('usd', 1, 100)]));
      expect(next).toEqual({ ok: false, breach: { key: 'usd', limit: 100, current: 140, amount: 1 } });
    });

    it('settle after the lease was released adds the actual amounts anyway and returns false', async () => {
      const r = reserveRequest([inc('req', 1, 1), inc('usd', 500, 1000)], 1000);
      await store().quota.reserve(r);
      expect(await store().quota.releaseExpired(at(5000))).toBe(1);
      expect(await counters('req', 'usd')).toEqual([0, 0]);
      expect(await store().quota.settle(settleRequest(r.reservationId, { req: 1, usd: 130 }, 6000))).toBe(false);
      expect(await counters('req', 'usd')).toEqual([1, 130]);
    });

    it('settle records its usage roll-ups in the same operation, also when it returns false', async () => {
      const r1 = reserveRequest([inc('req', 1, 10)]);
      await store().quota.reserve(r1);
      await store().quota.settle(settleRequest(r1.reservationId, { req: 1, usd: 10 }));
      await store().quota.settle(settleRequest(uid('never-reserved'), { usd: 5 }));
      const rows = await store().usage.readRollups(['org:org-a'], '2030-01-15', '2030-01-15');
      expect(rows).toHaveLength(1);
      expect(rows[0]?.fields).toEqual({ requests: 2, costMicroUsd: 15 });
    });

    it('release removes the reserved amounts once; a second release is false', async () => {
      await store().quota.reserve(reserveRequest([inc('req', 1, 10)]));
      const r = reserveRequest([inc('req', 1, 10), inc('usd', 70, 100)]);
      await store().quota.reserve(r);
      expect(await counters('req', 'usd')).toEqual([2, 70]);
      expect(await store().quota.release(r.reservationId, at(1))).toBe(true);
      expect(await counters('req', 'usd')).toEqual([1, 0]);
      expect(await store().quota.release(r.reservationId, at(2))).toBe(false);
      expect(await counters('req', 'usd')).toEqual([1, 0]);
    });

    it('release after settle is false and changes nothing', async () => {
      const r = reserveRequest([inc('req', 1, 10)]);
      await store().quota.reserve(r);
      await store().quota.settle(settleRequest(r.reservationId, { req: 1 }));
      expect(await store().quota.release(r.reservationId, at(2000))).toBe(false);
      expect(await counters('req')).toEqual([1]);
    });

    it('release of an unknown reservation is false', async () => {
      expect(await store().quota.release(uid('unknown'), at(0))).toBe(false);
    });

    it('releaseExpired releases only leases that expired before now and counts them', async () => {
      const short = reserveRequest([inc('req', 1, 10)], 1000);
      const exact = reserveRequest([inc('req', 1, 10)], 2000);
      const long = reserveRequest([inc('req', 1, 10)], 60_000);
      for (const r of [short, exact, long]) await store().quota.reserve(r);
      expect(await store().quota.releaseExpired(at(2000))).toBe(1);
      expect(await counters('req')).toEqual([2]);
      expect(await store().quota.releaseExpired(at(2001))).toBe(1);
      expect(await store().quota.releaseExpired(at(2002))).toBe(0);
      expect(await counters('req')).toEqual([1]);
      expect(await store().quota.release(short.reservationId, at(3000))).toBe(false);
      expect(await store().quota.release(long.reservationId, at(3000))).toBe(true);
      expect(await counters('req')).toEqual([0]);
    });

    it('an extended lease outlives its first expiry; a settled or unknown reservation cannot be extended', async () => {
      const held = reserveRequest([inc('req', 1, 10)], 1000);
      await store().quota.reserve(held);
      expect(await store().quota.extendLease(held.reservationId, at(5000))).toBe(true);
      expect(await store().quota.releaseExpired(at(3000))).toBe(0);
      expect(await counters('req')).toEqual([1]);
      expect(await store().quota.releaseExpired(at(5001))).toBe(1);
      expect(await counters('req')).toEqual([0]);
      expect(await store().quota.extendLease(held.reservationId, at(9000))).toBe(false);
      const settled = reserveRequest([inc('req', 1, 10)], 1000);
      await store().quota.reserve(settled);
      await store().quota.settle(settleRequest(settled.reservationId, { req: 1 }));
      expect(await store().quota.extendLease(settled.reservationId, at(9000))).toBe(false);
      expect(await store().quota.extendLease(uid('unknown'), at(9000))).toBe(false);
      expect(await counters('req')).toEqual([1]);
    });

    it('a released lease frees room for a user who is under the limit', async () => {
      await store().quota.reserve(reserveRequest([inc('req', 1, 1)], 1000));
      expect((await store().quota.reserve(reserveRequest([inc('req', 1, 1)], 1000, 500))).ok).toBe(false);
      await store().quota.releaseExpired(at(1500));
      expect((await store().quota.reserve(reserveRequest([inc('req', 1, 1)], 1000, 1500))).ok).toBe(true);
    });

    it('counters of settled concurrent calls equal the settled sum', async () => {
      const requests = Array.from({ length: 12 }, () => reserveRequest([inc('req', 1, 8), inc('usd', 200, null)]));
      const outcomes = await Promise.all(requests.map((r) => store().quota.reserve(r)));
      const admitted = requests.filter((_, i) => outcomes[i]?.ok);
      expect(admitted).toHaveLength(8);
      await Promise.all(admitted.map((r, i) => (i % 2 === 0
        ? store().quota.settle(settleRequest(r.reservationId, { req: 1, usd: 10 + i }))
        : store().quota.release(r.reservationId, at(100)))));
      const settledUsd = admitted.reduce((s, _, i) => s + (i % 2 === 0 ? 10 + i : 0), 0);
      expect(await counters('req', 'usd')).toEqual([4, settledUsd]);
    });
  });
}
