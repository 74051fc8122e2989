import { LRUCache } from 'lru-cache';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';

export interface CachedAnswer {
  output: unknown;
  /** The model that produced the answer originally. */
  model: string;
  createdAt: string;
}

/**
 * Two tiers: an in-process LRU in front of the store's cache, both with the entry's TTL. The LRU
 * holds only what the store holds or is about to (an entry whose write failed is dropped), so
 * processes sharing a store agree on what is cached.
 */
export class AnswerCache {
  private readonly memory: LRUCache<string, { answer: CachedAnswer; expiresAt: number }> | null;

  constructor(private readonly deps: { store: Store; clock: Clock; memoryEntries: number }) {
    this.memory = deps.memoryEntries > 0 ? new LRUCache({ max: deps.memoryEntries }) : null;
  }

  async get(key: string): Promise<CachedAnswer | null> {
    const now = this.deps.clock.now();
    const hot = this.memory?.get(key);
    if (hot && hot.expiresAt > now.getTime()) return hot.answer;
    const entry = await this.deps.store.cache.get(key, now.toISOString());
    if (!entry) return null;
    const answer = JSON.parse(entry.value) as CachedAnswer;
    this.memory?.set(key, { answer, expiresAt: Date.parse(entry.expiresAt) });
    return answer;
  }

  /**
   * Stores the entry; this process serves it from memory at once, while the store's write commits
   * (with the caller's next write), and forgets it again if that write fails.
   */
  async put(key: string, answer: CachedAnswer, ttlSeconds: number): Promise<void> {
    if (ttlSeconds <= 0) return;
    const now = this.deps.clock.now();
    const expiresAt = now.getTime() + ttlSeconds * 1000;
    const entry = { answer, expiresAt };
    this.memory?.set(key, entry);
    try {
      await this.deps.store.cache.put({ key, value: JSON.stringify(answer), createdAt: now.toISOString(), expiresAt: new Date(expiresAt).toISOString() });
    } catch (error) {
      if (this.memory?.peek(key) === entry) this.memory.delete(key);
      throw error;
    }
  }
}
