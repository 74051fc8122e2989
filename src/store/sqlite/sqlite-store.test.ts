import { describeStoreContract } from '../contract/store-contract.js';
import { describeQuotaProperties } from '../contract/quota-properties.js';
import { openTempSqliteStore } from './test-support/temp-store.js';

describeStoreContract('sqlite', openTempSqliteStore);

describeQuotaProperties('sqlite', openTempSqliteStore);
