import { describe, expect, it } from 'vitest';
import { apiKeyRecord, at, uid } from './fixtures.js';
import { useFreshStore, type OpenStore } from './opened-store.js';

/** API keys: found by hash, listed per organisation, revoked with a time. */
export function describeApiKeyContract(open: OpenStore): void {
  describe('api keys', () => {
    const store = useFreshStore(open);
    const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id);

    it('finds a created key by its hash and nothing for an unknown hash', async () => {
      const key = apiKeyRecord({ role: 'admin' });
      await store().apiKeys.create(key);
      expect(await store().apiKeys.findByHash(key.hash)).toEqual(key);
      expect(await store().apiKeys.findByHash('0'.repeat(64))).toBeNull();
    });

    it('refuses a second key with the same hash', async () => {
      const key = apiKeyRecord();
      await store().apiKeys.create(key);
      await expect(store().apiKeys.create(apiKeyRecord({ hash: key.hash }))).rejects.toThrow();
      expect((await store().apiKeys.findByHash(key.hash))?.id).toBe(key.id);
    });

    it('lists all keys, or those of one organisation', async () => {
      const a1 = apiKeyRecord({ orgId: 'org-a' });
      const a2 = apiKeyRecord({ orgId: 'org-a', userId: 'user-2' });
      const b1 = apiKeyRecord({ orgId: 'org-b' });
      for (const k of [a1, a2, b1]) await store().apiKeys.create(k);
      expect((await store().apiKeys.list('org-a')).sort(byId)).toEqual([a1, a2].sort(byId));
      expect((await store().apiKeys.list()).sort(byId)).toEqual([a1, a2, b1].sort(byId));
      expect(await store().apiKeys.list('org-none')).toEqual([]);
    });

    it('revokes a key, keeping it findable with its revocation time', async () => {
      const key = apiKeyRecord();
      await store().apiKeys.create(key);
      expect(await store().apiKeys.revoke(key.id, at(5000))).toBe(true);
      expect(await store().apiKeys.findByHash(key.hash)).toEqual({ ...key, revokedAt: at(5000) });
      expect((await store().apiKeys.list(key.orgId))[0]?.revokedAt).toBe(at(5000));
      expect(await store().apiKeys.revoke(key.id, at(6000))).toBe(true);
    });

    it('revoke of an unknown key is false', async () => {
      expect(await store().apiKeys.revoke(uid('key'), at(0))).toBe(false);
    });
  });
}
