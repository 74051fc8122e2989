import { describe, expect, it } from 'vitest';
import { describeAggregateContract } from './aggregates-contract.js';
import { describeApiKeyContract } from './api-keys-contract.js';
import { describeCacheContract } from './cache-contract.js';
import { analysisRecord } from './fixtures.js';
import { describeJobContract } from './jobs-contract.js';
import { useFreshStore, type OpenedStore, type OpenStore } from './opened-store.js';
import { describeOutboxContract } from './outbox-contract.js';
import { describeQuotaContract } from './quota-contract.js';
import { describeUsageContract } from './usage-contract.js';

export type { OpenedStore, OpenStore };
export { describeSharedStoreContract, type OpenedStorePair, type OpenStorePair } from './shared-store-contract.js';

/**
 * The Store port's contract, written against the port only so every adapter runs it unchanged.
 * `open` is called once per test and must return an initialised store holding no data.
 */
export function describeStoreContract(name: string, open: OpenStore): void {
  describe(`Store contract: ${name}`, () => {
    describe('lifecycle', () => {
      const store = useFreshStore(open);
      it('init is idempotent and keeps data', async () => {
        const record = await store().analyses.save(analysisRecord(), []);
        await store().init();
        await store().init();
        expect(await store().analyses.get(record.orgId, record.id)).toEqual(record);
      });
    });
    describeAggregateContract(open);
    describeQuotaContract(open);
    describeUsageContract(open);
    describeCacheContract(open);
    describeOutboxContract(open);
    describeApiKeyContract(open);
    describeJobContract(open);
  });
}
