import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenedStore } from '../../contract/opened-store.js';
import type { OpenedStorePair } from '../../contract/shared-store-contract.js';
import { createSqliteStore } from '../index.js';

/** A fresh initialised store on a real file in its own temporary directory. */
export async function openTempSqliteStore(): Promise<OpenedStore & { path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'skafu-sqlite-'));
  const path = join(dir, 'nested', 'skafu.db');
  const store = createSqliteStore({ path });
  await store.init();
  return {
    store,
    path,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Two stores (two connections) over one fresh file. */
export async function openTempSqliteStorePair(): Promise<OpenedStorePair> {
  const opened = await openTempSqliteStore();
  const second = createSqliteStore({ path: opened.path });
  await second.init();
  return {
    first: opened.store,
    second,
    cleanup: async () => {
      await second.close();
      await opened.cleanup();
    },
  };
}
