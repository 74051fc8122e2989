import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../domain/errors.js';
import { createApiKey } from '../http/auth/create-api-key.js';
import { systemClock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { openTempSqliteStore } from '../store/sqlite/test-support/temp-store.js';
import { createAuthorizerHandler } from './authorizer.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function requestWith(authorization?: string): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0', type: 'REQUEST', routeArn: 'arn:aws:execute-api:us-east-1:000000000000:api/$default/GET/v1/usage',
    identitySource: authorization ? [authorization] : [], routeKey: 'GET /v1/usage', rawPath: '/v1/usage', rawQueryString: '',
    headers: authorization ? { authorization } : {},
  } as unknown as APIGatewayRequestAuthorizerEventV2;
}

async function storeWithKey() {
  const { store, cleanup } = await openTempSqliteStore();
  cleanups.push(cleanup);
  const { key, record } = await createApiKey(store, systemClock, { orgId: 'acme', userId: 'ann', role: 'member' });
  return { store, key, record };
}

const quiet = pino({ level: 'silent' });

describe('createAuthorizerHandler', () => {
  it('admits a stored key and passes its principal on as context', async () => {
    const { store, key, record } = await storeWithKey();
    const authorize = createAuthorizerHandler({ openStore: () => Promise.resolve(store), logger: quiet });
    expect(await authorize(requestWith(`Bearer ${key}`))).toEqual({
      isAuthorized: true,
      context: { keyId: record.id, orgId: 'acme', userId: 'ann', role: 'member' },
    });
  });

  it('refuses a missing, malformed, unknown or revoked key', async () => {
    const { store, key, record } = await storeWithKey();
    const authorize = createAuthorizerHandler({ openStore: () => Promise.resolve(store), logger: quiet });
    for (const header of [undefined, 'Basic abc', 'Bearer not-a-key', `Bearer sk_${'A'.repeat(32)}`]) {
      expect(await authorize(requestWith(header))).toEqual({ isAuthorized: false, context: {} });
    }
    await store.apiKeys.revoke(record.id, new Date().toISOString());
    expect(await authorize(requestWith(`Bearer ${key}`))).toEqual({ isAuthorized: false, context: {} });
  });

  it('fails closed when the store cannot answer, and opens it again on the next request', async () => {
    const { store, key } = await storeWithKey();
    let opens = 0;
    const openStore = (): Promise<Store> => {
      opens += 1;
      return opens === 1 ? Promise.reject(new StoreUnavailableError('table missing')) : Promise.resolve(store);
    };
    const authorize = createAuthorizerHandler({ openStore, logger: quiet });
    await expect(authorize(requestWith(`Bearer ${key}`))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect((await authorize(requestWith(`Bearer ${key}`))).isAuthorized).toBe(true);
    expect(opens).toBe(2);
  });
});
