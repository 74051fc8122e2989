import { describe, expect, it } from 'vitest';
import type { AggregateRecordBase, AggregateRepository, Store } from '../../ports/store.js';
import { ConcurrentModificationError } from '../../ports/store.js';
import { analysisRecord, at, generationRecord, startedEvent, uid } from './fixtures.js';
import { useFreshStore, type OpenStore } from './opened-store.js';

interface RepoCase<R extends AggregateRecordBase> {
  label: string;
  repo: (store: Store) => AggregateRepository<R>;
  make: (overrides?: Partial<R>) => R;
}

const cases = [
  { label: 'analyses', repo: (s: Store) => s.analyses, make: analysisRecord },
  { label: 'generations', repo: (s: Store) => s.generations, make: generationRecord },
] as const;

/** Aggregate repositories: insert, optimistic versioning, outbox in the same write, isolation, paging. */
export function describeAggregateContract(open: OpenStore): void {
  for (const c of cases) describeRepository(open, c as RepoCase<AggregateRecordBase>);

  describe('aggregates: shared behaviour', () => {
    const store = useFreshStore(open);

    it('keeps analyses and generations apart even with the same id', async () => {
      const id = uid('same');
      await store().analyses.save(analysisRecord({ id }), []);
      await store().generations.save(generationRecord({ id }), []);
      expect((await store().analyses.get('org-a', id))?.analysisType).toBe('requirements');
      expect((await store().generations.get('org-a', id))?.generationType).toBe('service');
    });

    it('writes the events of a save to the outbox, and none of a conflicting save', async () => {
      const record = analysisRecord();
      const first = startedEvent(record.id, at(1));
      const saved = await store().analyses.save(record, [first]);
      const lost = startedEvent(record.id, at(2));
      await expect(store().analyses.save({ ...saved, version: 0 }, [lost])).rejects.toBeInstanceOf(ConcurrentModificationError);
      const claimed = await store().outbox.claim(10, at(10_000), 30_000);
      expect(claimed.map((e) => e.event)).toEqual([first]);
    });
  });
}

function describeRepository<R extends AggregateRecordBase>(open: OpenStore, c: RepoCase<R>): void {
  describe(`aggregates: ${c.label}`, () => {
    const store = useFreshStore(open);
    const repo = (): AggregateRepository<R> => c.repo(store());

    it('inserts a version-0 record and returns it with version 1', async () => {
      const record = c.make();
      const saved = await repo().save(record, []);
      expect(saved).toEqual({ ...record, version: 1 });
      expect(await repo().get(record.orgId, record.id)).toEqual(saved);
    });

    it('round-trips every field of the record unchanged', async () => {
      const record = c.make();
      const saved = await repo().save(record, []);
      const loaded = await repo().get(record.orgId, record.id);
      expect(loaded).toStrictEqual(saved);
    });

    it('refuses to insert a version-0 record whose id exists', async () => {
      const record = c.make();
      await repo().save(record, []);
      await expect(repo().save({ ...record }, [])).rejects.toBeInstanceOf(ConcurrentModificationError);
    });

    it('updates when the stored version matches and increments it', async () => {
      const saved = await repo().save(c.make(), []);
      const again = await repo().save({ ...saved, createdAt: saved.createdAt }, []);
      expect(again.version).toBe(2);
      const third = await repo().save(again, []);
      expect(third.version).toBe(3);
      expect((await repo().get(saved.orgId, saved.id))?.version).toBe(3);
    });

    it('throws ConcurrentModificationError on a stale version and keeps the stored record', async () => {
      const saved = await repo().save(c.make(), []);
      const winner = await repo().save(saved, []);
      await expect(repo().save(saved, [])).rejects.toBeInstanceOf(ConcurrentModificationError);
      expect(await repo().get(saved.orgId, saved.id)).toEqual(winner);
    });

    it('throws ConcurrentModificationError when updating a record that does not exist', async () => {
      await expect(repo().save(c.make({ version: 3 } as Partial<R>), [])).rejects.toBeInstanceOf(ConcurrentModificationError);
    });

    it('lets exactly one of two concurrent updates of the same version win', async () => {
      const saved = await repo().save(c.make(), []);
      const results = await Promise.allSettled([repo().save(saved, []), repo().save(saved, [])]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected');
      expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(ConcurrentModificationError);
    });

    it('returns null for a missing id and for another organisation\'s record', async () => {
      const saved = await repo().save(c.make({ orgId: 'org-a' } as Partial<R>), []);
      expect(await repo().get('org-a', uid('missing'))).toBeNull();
      expect(await repo().get('org-b', saved.id)).toBeNull();
    });

    it('lists a project newest first, only for its organisation and project', async () => {
      const mine = [1, 3, 2].map((n) => c.make({ createdAt: at(n * 1000) } as Partial<R>));
      for (const r of mine) await repo().save(r, []);
      await repo().save(c.make({ orgId: 'org-b', createdAt: at(5000) } as Partial<R>), []);
      await repo().save(c.make({ projectId: 'proj-2', createdAt: at(6000) } as Partial<R>), []);
      const page = await repo().listByProject('org-a', 'proj-1', { limit: 10 });
      expect(page.items.map((r) => r.createdAt)).toEqual([at(3000), at(2000), at(1000)]);
      expect(page.nextCursor).toBeNull();
      expect((await repo().listByProject('org-b', 'proj-2', { limit: 10 })).items).toEqual([]);
    });

    it('pages with an opaque cursor through every record exactly once, equal timestamps included', async () => {
      const times = [0, 1000, 1000, 1000, 2000, 3000, 3000, 4000];
      const ids: string[] = [];
      for (const t of times) {
        const r = c.make({ createdAt: at(t) } as Partial<R>);
        ids.push(r.id);
        await repo().save(r, []);
      }
      const seen: R[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: R[]; nextCursor: string | null } = await repo().listByProject('org-a', 'proj-1', { limit: 3, cursor });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 10);
      expect(cursor).toBeNull();
      expect(seen.map((r) => r.id).sort()).toEqual([...ids].sort());
      const created = seen.map((r) => Date.parse(r.createdAt));
      expect(created).toEqual([...created].sort((a, b) => b - a));
    });

    it('shows an updated record in its listing with its latest version', async () => {
      const saved = await repo().save(c.make(), []);
      await repo().save(saved, []);
      const page = await repo().listByProject('org-a', 'proj-1', { limit: 5 });
      expect(page.items.map((r) => [r.id, r.version])).toEqual([[saved.id, 2]]);
    });
  });
}
