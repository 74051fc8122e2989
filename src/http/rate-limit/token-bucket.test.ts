import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket.js';

describe('TokenBuckets', () => {
  it('allows a burst of the minute allowance, then refuses with the wait until the next token', () => {
    const buckets = new TokenBuckets();
    for (let i = 0; i < 60; i++) expect(buckets.take('k', 60, 1_000).allowed).toBe(true);
    const refused = buckets.take('k', 60, 1_000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeCloseTo(1, 5);
    expect(buckets.take('k', 60, 2_000).allowed).toBe(true);
    expect(buckets.take('k', 60, 2_000).allowed).toBe(false);
  });

  it('counts each key on its own', () => {
    const buckets = new TokenBuckets();
    expect(buckets.take('a', 1, 0).allowed).toBe(true);
    expect(buckets.take('a', 1, 0).allowed).toBe(false);
    expect(buckets.take('b', 1, 0).allowed).toBe(true);
  });

  it('forgets full buckets when it holds too many keys, without changing any answer', () => {
    const buckets = new TokenBuckets(2);
    expect(buckets.take('a', 2, 0).allowed).toBe(true);
    expect(buckets.take('b', 2, 0).allowed).toBe(true);
    expect(buckets.take('c', 2, 120_000).allowed).toBe(true);
    expect(buckets.take('a', 2, 120_000).allowed).toBe(true);
    expect(buckets.take('a', 2, 120_000).allowed).toBe(true);
    expect(buckets.take('a', 2, 120_000).allowed).toBe(false);
  });
});
