import { describeStoreContract } from '../contract/store-contract.js';
import { openTempSqliteStore } from './test-support/temp-store.js';

describeStoreContract('sqlite', openTempSqliteStore);
