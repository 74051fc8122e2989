import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { startDynalite, type RunningDynalite } from '../../../test/support/dynalite.js';
import { describeQuotaProperties } from '../contract/quota-properties.js';
import { describeStoreContract, type OpenedStore } from '../contract/store-contract.js';
import { createDynamoStore } from './index.js';

// dynalite accepts any credentials; the SDK only needs some to sign with.
process.env['AWS_ACCESS_KEY_ID'] ??= 'test';
process.env['AWS_SECRET_ACCESS_KEY'] ??= 'test';

let dynalite: RunningDynalite | null = null;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => {
  await dynalite?.close();
});

/** A fresh table per test (or per property run), dropped afterwards. */
async function openDynamoStore(): Promise<OpenedStore> {
  if (!dynalite) throw new Error('dynalite is not running');
  const tableName = `skafu-test-${randomUUID()}`;
  const client = new DynamoDBClient({ endpoint: dynalite.endpoint, region: 'us-east-1' });
  const store = createDynamoStore({ tableName, client });
  await store.init();
  const cleanup = async (): Promise<void> => {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    await store.close();
    client.destroy();
  };
  return { store, cleanup };
}

describeStoreContract('dynamodb (dynalite)', openDynamoStore);

describeQuotaProperties('dynamodb (dynalite)', openDynamoStore, { numRuns: 50 });
