import { afterEach, beforeEach } from 'vitest';
import type { Store } from '../../ports/store.js';

export interface OpenedStore {
  store: Store;
  cleanup: () => Promise<void>;
}

/** Opens an empty, initialised store. Called once per test; must not share data between calls. */
export type OpenStore = () => Promise<OpenedStore>;

/**
 * Registers per-test open/cleanup hooks in the current describe block and returns a getter for the
 * store of the running test. Each test gets an empty store, so global queries (claim, countQueued,
 * releaseExpired) can be asserted exactly.
 */
export function useFreshStore(open: OpenStore): () => Store {
  let current: OpenedStore | null = null;
  beforeEach(async () => {
    current = await open();
  });
  afterEach(async () => {
    const opened = current;
    current = null;
    if (opened) await opened.cleanup();
  });
  return () => {
    if (!current) throw new Error('The store is only available inside a test of the contract suite.');
    return current.store;
  };
}
