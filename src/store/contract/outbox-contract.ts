import { describe, expect, it } from 'vitest';
import { analysisRecord, at, limitEvent, startedEvent } from './fixtures.js';
import { useFreshStore, type OpenStore } from './opened-store.js';

/** Outbox: oldest-first claims with a lease, delivery and failure scheduling. */
export function describeOutboxContract(open: OpenStore): void {
  describe('outbox', () => {
    const store = useFreshStore(open);

    it('claims nothing when empty', async () => {
      expect(await store().outbox.claim(10, at(0), 1000)).toEqual([]);
    });

    it('claims appended events oldest first, at most `limit`, with no attempts yet', async () => {
      const events = [limitEvent(at(300)), limitEvent(at(100)), limitEvent(at(200))];
      await store().outbox.append(events);
      const claimed = await store().outbox.claim(2, at(10_000), 30_000);
      expect(claimed.map((e) => e.event)).toEqual([events[1], events[2]]);
      expect(claimed.map((e) => e.attempts)).toEqual([0, 0]);
    });

    it('does not hand a leased event to a second claimer until the lease ends', async () => {
      const event = limitEvent(at(0));
      await store().outbox.append([event]);
      expect(await store().outbox.claim(10, at(1000), 5000)).toHaveLength(1);
      expect(await store().outbox.claim(10, at(2000), 5000)).toEqual([]);
      expect(await store().outbox.claim(10, at(5999), 5000)).toEqual([]);
      const again = await store().outbox.claim(10, at(6000), 5000);
      expect(again.map((e) => e.event.id)).toEqual([event.id]);
    });

    it('gives concurrent claimers disjoint events', async () => {
      const events = Array.from({ length: 10 }, (_, i) => limitEvent(at(i)));
      await store().outbox.append(events);
      const [a, b] = await Promise.all([store().outbox.claim(6, at(1000), 60_000), store().outbox.claim(6, at(1000), 60_000)]);
      const ids = [...(a ?? []), ...(b ?? [])].map((e) => e.event.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(10);
    });

    it('never claims a delivered event again', async () => {
      const events = [limitEvent(at(0)), limitEvent(at(1))];
      await store().outbox.append(events);
      await store().outbox.claim(10, at(100), 1000);
      await store().outbox.markDelivered([events[0]?.id ?? '']);
      const later = await store().outbox.claim(10, at(10_000), 1000);
      expect(later.map((e) => e.event.id)).toEqual([events[1]?.id]);
      await store().outbox.markDelivered([events[1]?.id ?? '']);
      expect(await store().outbox.claim(10, at(100_000), 1000)).toEqual([]);
    });

    it('schedules a failed event for its next attempt and counts the attempt', async () => {
      const event = limitEvent(at(0));
      await store().outbox.append([event]);
      await store().outbox.claim(10, at(100), 60_000);
      await store().outbox.markFailed(event.id, at(5000));
      expect(await store().outbox.claim(10, at(4999), 60_000)).toEqual([]);
      const retried = await store().outbox.claim(10, at(5000), 60_000);
      expect(retried).toEqual([{ event, attempts: 1, nextAttemptAt: at(5000) }]);
      await store().outbox.markFailed(event.id, at(9000));
      expect((await store().outbox.claim(10, at(9000), 60_000))[0]?.attempts).toBe(2);
    });

    it('holds the events of aggregate saves alongside appended ones', async () => {
      const record = analysisRecord({ createdAt: at(50) });
      const started = startedEvent(record.id, at(50));
      await store().analyses.save(record, [started]);
      const limit = limitEvent(at(10));
      await store().outbox.append([limit]);
      const claimed = await store().outbox.claim(10, at(1000), 1000);
      expect(claimed.map((e) => e.event)).toEqual([limit, started]);
    });

    it('accepts an empty append and an empty delivery list', async () => {
      await store().outbox.append([]);
      await store().outbox.markDelivered([]);
      expect(await store().outbox.claim(10, at(0), 1000)).toEqual([]);
    });
  });
}
