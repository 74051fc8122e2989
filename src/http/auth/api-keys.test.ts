import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openTempSqliteStore } from '../../store/sqlite/test-support/temp-store.js';
import { systemClock } from '../../ports/clock.js';
import { bearerToken, generateApiKey, looksLikeApiKey } from './api-keys.js';
import { authenticate } from './authenticate.js';
import { createApiKey } from './create-api-key.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

describe('API keys', () => {
  it('have 192 random bits and are stored as their SHA-256 only', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^sk_[A-Za-z0-9_-]{32}$/);
    expect(Buffer.from(a.key.slice(3), 'base64url')).toHaveLength(24);
    expect(a.key).not.toBe(b.key);
    expect(a.hash).toBe(createHash('sha256').update(a.key).digest('hex'));
    expect(a.prefix).toBe(a.key.slice(0, 10));
    expect(looksLikeApiKey(a.key)).toBe(true);
  });

  it('reads the key from a Bearer header only', () => {
    expect(bearerToken('Bearer sk_abc')).toBe('sk_abc');
    expect(bearerToken('bearer  sk_abc ')).toBe('sk_abc');
    expect(bearerToken('Basic sk_abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  it('authenticate maps a stored key to its principal and refuses unknown and revoked keys', async () => {
    const { store, cleanup } = await openTempSqliteStore();
    cleanups.push(cleanup);
    const { key, record } = await createApiKey(store, systemClock, { orgId: 'acme', userId: 'ann', role: 'admin' });
    const stored = await store.apiKeys.list('acme');
    expect(JSON.stringify(stored)).not.toContain(key);
    await expect(authenticate(store, `Bearer ${key}`)).resolves.toEqual({ keyId: record.id, orgId: 'acme', userId: 'ann', role: 'admin' });
    await expect(authenticate(store, undefined)).rejects.toMatchObject({ httpStatus: 401 });
    await expect(authenticate(store, `Bearer ${generateApiKey().key}`)).rejects.toMatchObject({ httpStatus: 401 });
    await store.apiKeys.revoke(record.id, new Date().toISOString());
    await expect(authenticate(store, `Bearer ${key}`)).rejects.toMatchObject({ httpStatus: 401, code: 'unauthorized' });
  });

  it('refuses ids that would not be safe in counter keys', async () => {
    const { store, cleanup } = await openTempSqliteStore();
    cleanups.push(cleanup);
    await expect(createApiKey(store, systemClock, { orgId: 'a:b', userId: 'u', role: 'member' })).rejects.toMatchObject({ fields: ['org'] });
  });
});
