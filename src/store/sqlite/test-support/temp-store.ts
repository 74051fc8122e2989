import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenedStore } from '../../contract/opened-store.js';
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
