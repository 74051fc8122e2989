import { describe, expect, it } from 'vitest';
import { at, uid } from './fixtures.js';
import { useFreshStore, type OpenStore } from './opened-store.js';

/** Cache entries with a TTL: live while now < expiresAt. */
export function describeCacheContract(open: OpenStore): void {
  describe('cache', () => {
    const store = useFreshStore(open);

    it('returns null for a missing key', async () => {
      expect(await store().cache.get(uid('k'), at(0))).toBeNull();
    });

    it('returns a stored entry until it expires, and null from its expiry on', async () => {
      const entry = { key: uid('k'), value: JSON.stringify({ answer: [1, 'two', { three: 3 }] }), createdAt: at(0), expiresAt: at(60_000) };
      await store().cache.put(entry);
      expect(await store().cache.get(entry.key, at(1))).toEqual(entry);
      expect(await store().cache.get(entry.key, at(59_999))).toEqual(entry);
      expect(await store().cache.get(entry.key, at(60_000))).toBeNull();
      expect(await store().cache.get(entry.key, at(3600_000))).toBeNull();
    });

    it('replaces an entry put again under the same key', async () => {
      const key = uid('k');
      await store().cache.put({ key, value: '"old"', createdAt: at(0), expiresAt: at(1000) });
      const fresh = { key, value: '"new"', createdAt: at(2000), expiresAt: at(10_000) };
      await store().cache.put(fresh);
      expect(await store().cache.get(key, at(5000))).toEqual(fresh);
    });

    it('keeps large values intact', async () => {
      const value = JSON.stringify({ files: Array.from({ length: 200 }, (_, i) => ({ path: `f${i}.ts`, content: 'x'.repeat(1000) })) });
      const entry = { key: uid('k'), value, createdAt: at(0), expiresAt: at(1000) };
      await store().cache.put(entry);
      expect((await store().cache.get(entry.key, at(1)))?.value).toBe(value);
    });
  });
}
