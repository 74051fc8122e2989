import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type RunningDynalite } from '../../../test/support/dynalite.js';
import { InvalidInputError, StoreUnavailableError } from '../../domain/errors.js';
import type { Store } from '../../ports/store.js';
import { analysisRecord, apiKeyRecord, at, generationRecord, jobRecord, limitEvent, uid, usageRecord } from '../contract/fixtures.js';
import { createDynamoStore } from './index.js';

process.env['AWS_ACCESS_KEY_ID'] ??= 'test';
process.env['AWS_SECRET_ACCESS_KEY'] ??= 'test';

const DAY_END = at(12 * 3600_000);

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('DynamoDB adapter specifics (dynalite)', () => {
  let dynalite: RunningDynalite;
  let client: DynamoDBClient;
  beforeAll(async () => {
    dynalite = await startDynalite();
    client = new DynamoDBClient({ endpoint: dynalite.endpoint, region: 'us-east-1' });
  });
  afterAll(async () => {
    client.destroy();
    await dynalite.close();
  });
  const storeOn = (tableName = `skafu-${randomUUID()}`): Store => createDynamoStore({ tableName, client });

  it('init creates the table on demand with its index and TTL on `ttl`, and a second init changes nothing', async () => {
    const tableName = `skafu-${randomUUID()}`;
    const store = storeOn(tableName);
    await store.init();
    await Promise.all([store.init(), storeOn(tableName).init()]);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.KeySchema?.map((k) => [k.AttributeName, k.KeyType])).toEqual([['pk', 'HASH'], ['sk', 'RANGE']]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.Projection?.ProjectionType, i.IndexStatus])).toEqual([['gsi1', 'ALL', 'ACTIVE']]);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' });
  });

  it('refuses to adopt a table with another key schema', async () => {
    const tableName = `skafu-${randomUUID()}`;
    await client.send(new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }));
    await expect(storeOn(tableName).init()).rejects.toThrow(/another key schema/);
  });

  it('tells the user to run `store init` when the table is missing, failing closed', async () => {
    const store = storeOn(`skafu-missing-${randomUUID()}`);
    const refused = store.quota.reserve({ reservationId: uid('r'), increments: [{ key: 'k', amount: 1, limit: 5, expiresAt: DAY_END }], leaseExpiresAt: at(1000), now: at(0) });
    await expect(refused).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.cache.get('k', at(0))).rejects.toThrow(/skafu-ai store init/);
  });

  it('fails closed with StoreUnavailableError when DynamoDB cannot be reached', async () => {
    const store = createDynamoStore({ tableName: 'skafu-unreachable', endpoint: `http://127.0.0.1:${await closedPort()}`, region: 'us-east-1' });
    try {
      const reserve = store.quota.reserve({ reservationId: uid('r'), increments: [{ key: 'k', amount: 1, limit: 5, expiresAt: DAY_END }], leaseExpiresAt: at(1000), now: at(0) });
      await expect(reserve).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.quota.readCounters(['k'])).rejects.toThrow(/could not be reached/);
    } finally {
      await store.close();
    }
  });

  it('refuses a page cursor that belongs to another listing', async () => {
    const store = storeOn();
    await store.init();
    for (let i = 0; i < 3; i += 1) await store.analyses.save(analysisRecord({ createdAt: at(i) }), []);
    const page = await store.analyses.listByProject('org-a', 'proj-1', { limit: 2 });
    expect(page.nextCursor).not.toBeNull();
    await expect(store.analyses.listByProject('org-a', 'proj-2', { limit: 2, cursor: page.nextCursor })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(store.analyses.listByProject('org-a', 'proj-1', { limit: 2, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('stores a generation larger than the 400 KB item limit (compressed), and refuses one that cannot fit', async () => {
    const store = storeOn();
    await store.init();
    const files = Array.from({ length: 40 }, (_, i) => ({ path: `src/f${i}.ts`, content: `export const value${i} = ${i};\n`.repeat(1000) }));
    const big = generationRecord({ files });
    expect(JSON.stringify(big).length).toBeGreaterThan(1_000_000);
    const saved = await store.generations.save(big, []);
    expect(await store.generations.get(big.orgId, big.id)).toEqual(saved);
    const noise = generationRecord({ files: [{ path: 'blob.txt', content: randomBytes(400_000).toString('base64') }] });
    await expect(store.generations.save(noise, [])).rejects.toThrow(/too large for a DynamoDB item/);
  });

  it('keeps ids with separators apart: an id cannot address another organisation\'s item', async () => {
    const store = storeOn();
    await store.init();
    const saved = await store.analyses.save(analysisRecord({ orgId: 'org-b', id: 'x' }), []);
    expect(await store.analyses.get('org-a#ANALYSIS#x', 'x')).toBeNull();
    expect(await store.analyses.get('org-b', 'x')).toEqual(saved);
  });

  it('serves every repository without a single Scan', async () => {
    const store = storeOn();
    await store.init();
    const before = dynalite.operationCounts().get('Scan') ?? 0;
    const record = await store.analyses.save(analysisRecord(), [limitEvent(at(0))]);
    await store.analyses.listByProject('org-a', 'proj-1', { limit: 10 });
    await store.analyses.get('org-a', record.id);
    const r = { reservationId: uid('r'), increments: [{ key: 'k', amount: 1, limit: 5, expiresAt: DAY_END }], leaseExpiresAt: at(1000), now: at(0) };
    await store.quota.reserve(r);
    await store.quota.settle({ reservationId: r.reservationId, actual: [{ key: 'k', amount: 1, expiresAt: DAY_END }], usage: usageRecord({ scopes: ['org:org-a'], day: '2030-01-15', fields: { requests: 1 } }), now: at(10) });
    await store.quota.releaseExpired(at(10_000));
    await store.usage.readRollups(['org:org-a'], '2030-01-01', '2030-01-31');
    await store.cache.put({ key: 'c', value: '"v"', createdAt: at(0), expiresAt: at(1000) });
    await store.cache.get('c', at(1));
    await store.outbox.claim(10, at(100), 1000);
    await store.apiKeys.create(apiKeyRecord());
    await store.apiKeys.list();
    await store.jobs.enqueue(jobRecord());
    await store.jobs.claimNext('w', at(0), at(1000));
    await store.jobs.listExpired(at(5000), 10);
    await store.jobs.countQueued();
    expect(dynalite.operationCounts().get('Scan') ?? 0).toBe(before);
    expect(dynalite.operationCounts().get('Query') ?? 0).toBeGreaterThan(0);
  });
});

describe('DynamoDB adapter under transaction conflicts (dynalite)', () => {
  let dynalite: RunningDynalite;
  let client: DynamoDBClient;
  beforeAll(async () => {
    dynalite = await startDynalite({ transactionConflicts: 12 });
    client = new DynamoDBClient({ endpoint: dynalite.endpoint, region: 'us-east-1' });
  });
  afterAll(async () => {
    client.destroy();
    await dynalite.close();
  });

  it('retries conflicting transactions and still admits exactly the limit', async () => {
    const tableName = `skafu-${randomUUID()}`;
    const store = createDynamoStore({ tableName, client });
    await store.init();
    const outcomes = await Promise.all(Array.from({ length: 15 }, () => store.quota.reserve({
      reservationId: uid('r'), increments: [{ key: 'burst', amount: 1, limit: 6, expiresAt: DAY_END }], leaseExpiresAt: at(60_000), now: at(0),
    })));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(6);
    expect((await store.quota.readCounters(['burst'])).get('burst')).toBe(6);
    expect(dynalite.operationCounts().get('TransactWriteItems')).toBeGreaterThanOrEqual(15 + 12);
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  });
});
