import { describe, expect, it } from 'vitest';
import { addTokens, totalTokens, ZERO_TOKENS, type TokenUsage } from './token-usage.js';

describe('totalTokens', () => {
  it('sums input, output, cache writes and cache reads', () => {
    expect(totalTokens({ input: 1000, output: 200, cacheCreation: 30, cacheRead: 4 })).toBe(1234);
  });

  it('does not count the TTL split of cache writes a second time', () => {
    expect(totalTokens({ input: 0, output: 0, cacheCreation: 100, cacheRead: 0, cacheCreation5m: 60, cacheCreation1h: 40 })).toBe(100);
  });

  it('is zero for ZERO_TOKENS', () => {
    expect(totalTokens(ZERO_TOKENS)).toBe(0);
  });
});

describe('addTokens', () => {
  it('adds each kind separately', () => {
    const a: TokenUsage = { input: 1, output: 2, cacheCreation: 3, cacheRead: 4 };
    const b: TokenUsage = { input: 10, output: 20, cacheCreation: 30, cacheRead: 40 };
    expect(addTokens(a, b)).toEqual({ input: 11, output: 22, cacheCreation: 33, cacheRead: 44 });
  });

  it('leaves the TTL split out when neither side reported it', () => {
    const sum = addTokens(ZERO_TOKENS, { input: 5, output: 5, cacheCreation: 0, cacheRead: 0 });
    expect('cacheCreation5m' in sum).toBe(false);
    expect('cacheCreation1h' in sum).toBe(false);
  });

  it('adds the TTL split, treating a side that did not report it as zero', () => {
    const a: TokenUsage = { input: 0, output: 0, cacheCreation: 50, cacheRead: 0, cacheCreation5m: 50 };
    const b: TokenUsage = { input: 0, output: 0, cacheCreation: 70, cacheRead: 0, cacheCreation5m: 20, cacheCreation1h: 50 };
    expect(addTokens(a, b)).toEqual({ input: 0, output: 0, cacheCreation: 120, cacheRead: 0, cacheCreation5m: 70, cacheCreation1h: 50 });
  });

  it('does not change its arguments', () => {
    const a: TokenUsage = { input: 1, output: 1, cacheCreation: 1, cacheRead: 1 };
    addTokens(a, a);
    expect(a).toEqual({ input: 1, output: 1, cacheCreation: 1, cacheRead: 1 });
  });
});

describe('ZERO_TOKENS', () => {
  it('is frozen so no caller can change the shared zero', () => {
    expect(Object.isFrozen(ZERO_TOKENS)).toBe(true);
    expect(ZERO_TOKENS).toEqual({ input: 0, output: 0, cacheCreation: 0, cacheRead: 0 });
  });
});
