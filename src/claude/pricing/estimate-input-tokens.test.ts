import { describe, expect, it } from 'vitest';
import { estimateInputTokens } from './estimate-input-tokens.js';

describe('estimateInputTokens', () => {
  it('counts UTF-8 bytes / 3 plus a fixed overhead', () => {
    expect(estimateInputTokens('')).toBe(32);
    expect(estimateInputTokens('abcdef')).toBe(34);
    expect(estimateInputTokens('abcdefg')).toBe(35);
    // three 3-byte characters
    expect(estimateInputTokens('日本語')).toBe(35);
  });

  it('over-estimates English prose at about 4 characters per token', () => {
    const prose = 'The order service stores orders in DynamoDB and publishes an event for each change. '.repeat(50);
    expect(estimateInputTokens(prose)).toBeGreaterThan(prose.length / 4);
  });
});
