import { describe, expect, it } from 'vitest';
import { UnknownModelPriceError } from '../../domain/errors.js';
import { createPriceTable } from './price-table.js';

const table = createPriceTable();

describe('priceOf matches model families', () => {
  it.each([
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5', 3_000_000],
    ['claude-sonnet-5-5', 'claude-sonnet-5-5', 2_000_000],
    ['claude-opus-4-1', 'claude-opus-4-1', 15_000_000],
    ['claude-opus-4-1-20250805', 'claude-opus-4-1', 15_000_000],
    ['claude-opus-4-5', 'claude-opus-4-5', 5_000_000],
    ['claude-opus-4-20250514', 'claude-opus-4', 15_000_000],
    ['claude-haiku-5-5', 'claude-haiku-5-5', 100_000],
    ['claude-haiku-4-5-20251001', 'claude-haiku-4-5', 1_000_000],
    ['claude-3-5-haiku-20241022', 'claude-3-5-haiku', 800_000],
    ['claude-3-haiku-20240307', 'claude-3-haiku', 250_000],
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5', 3_000_000],
    ['claude-mythos-5-1', 'claude-mythos-5-1', 10_000_000],
    ['CLAUDE-SONNET-4-6', 'claude-sonnet-4-6', 3_000_000],
  ])('%s is priced as %s', (model, family, inputMicrosPerMTok) => {
    const price = table.priceOf(model);
    expect(price.family).toBe(family);
    expect(price.input).toBe(inputMicrosPerMTok);
  });

  it('never prices a newer minor version as an older family', () => {
    expect(() => table.priceOf('claude-opus-4-9')).toThrow(UnknownModelPriceError);
    expect(() => table.priceOf('claude-sonnet-5-7')).toThrow(UnknownModelPriceError);
    expect(() => table.priceOf('claude-haiku-5-6')).toThrow(UnknownModelPriceError);
  });

  it('refuses unknown models instead of pricing them at zero', () => {
    expect(() => table.priceOf('gpt-4o')).toThrow(/No price is known for model "gpt-4o"/);
    expect(() => table.costMicroUsd('claude-3-sonnet-20240229', { input: 1, output: 1, cacheCreation: 0, cacheRead: 0 }))
      .toThrow(UnknownModelPriceError);
  });

  it('prices the simulated model at zero', () => {
    expect(table.costMicroUsd('simulated', { input: 5000, output: 5000, cacheCreation: 10, cacheRead: 10 })).toBe(0);
  });

  it('keeps the published cache prices of each family', () => {
    expect(table.priceOf('claude-sonnet-5-5')).toMatchObject({ cacheWrite5m: 2_500_000, cacheWrite1h: 4_000_000, cacheRead: 200_000, output: 10_000_000 });
    expect(table.priceOf('claude-haiku-5-5')).toMatchObject({ cacheWrite5m: 125_000, cacheWrite1h: 200_000, cacheRead: 10_000, output: 500_000 });
    expect(table.priceOf('claude-fable-5')).toMatchObject({ cacheRead: 1_000_000 });
    expect(table.priceOf('claude-fable-5-1')).toMatchObject({ cacheRead: 250_000 });
  });
});

describe('costMicroUsd', () => {
  it('prices the live usage example of the reference (Sonnet 4.5 snapshot)', () => {
    // 3 × $3 + 406 × $15 + 1111 × $0.30 per MTok = $0.0064323 → 6432 µ$
    const usage = { input: 3, output: 406, cacheCreation: 0, cacheRead: 1111, cacheCreation5m: 0, cacheCreation1h: 0 };
    expect(table.costMicroUsd('claude-sonnet-4-5-20250929', usage)).toBe(6432);
  });

  it('charges every count at its own price', () => {
    // Sonnet 5.5: 1200 × $2 + 800 × $10 per MTok = 2400 + 8000 µ$
    expect(table.costMicroUsd('claude-sonnet-5-5', { input: 1200, output: 800, cacheCreation: 0, cacheRead: 0 })).toBe(10_400);
  });

  it('splits cache writes into 5-minute and 1-hour prices when the split is reported', () => {
    // Opus 4.5: 100 × 5 + 50 × 25 + 1000 × 6.25 + 2000 × 10 + 500 × 0.5 = 500 + 1250 + 6250 + 20000 + 250
    const usage = { input: 100, output: 50, cacheCreation: 3000, cacheRead: 500, cacheCreation5m: 1000, cacheCreation1h: 2000 };
    expect(table.costMicroUsd('claude-opus-4-5', usage)).toBe(28_250);
  });

  it('prices unsplit cache writes at the 5-minute price', () => {
    // 500 + 1250 + 3000 × 6.25 + 250
    expect(table.costMicroUsd('claude-opus-4-5', { input: 100, output: 50, cacheCreation: 3000, cacheRead: 500 })).toBe(20_750);
  });

  it('rounds the total half up, not each component', () => {
    // Haiku 5.5: 5 × $0.10 = 0.5 µ$ and 1 × $0.50 = 0.5 µ$; the total 1.0 µ$ is 1 (per component it would be 2)
    expect(table.costMicroUsd('claude-haiku-5-5', { input: 5, output: 1, cacheCreation: 0, cacheRead: 0 })).toBe(1);
    expect(table.costMicroUsd('claude-haiku-5-5', { input: 5, output: 0, cacheCreation: 0, cacheRead: 0 })).toBe(1);
    expect(table.costMicroUsd('claude-haiku-5-5', { input: 4, output: 0, cacheCreation: 0, cacheRead: 0 })).toBe(0);
  });

  it('applies long-context prices above the threshold to the whole request', () => {
    // Haiku 5.5 above 100k prompt tokens costs 5×: 150000 × $0.50 + 1000 × $2.50
    expect(table.costMicroUsd('claude-haiku-5-5', { input: 150_000, output: 1000, cacheCreation: 0, cacheRead: 0 })).toBe(77_500);
    // 60000 input + 50000 cache read = 110000 prompt tokens: 60000 × 0.5 + 50000 × 0.05
    expect(table.costMicroUsd('claude-haiku-5-5', { input: 60_000, output: 0, cacheCreation: 0, cacheRead: 50_000 })).toBe(32_500);
    // Sonnet 4.5 above 200k: 250000 × $6 + 100 × $22.50
    expect(table.costMicroUsd('claude-sonnet-4-5', { input: 250_000, output: 100, cacheCreation: 0, cacheRead: 0 })).toBe(1_502_250);
    expect(table.costMicroUsd('claude-sonnet-4-5', { input: 200_000, output: 0, cacheCreation: 0, cacheRead: 0 })).toBe(600_000);
  });

  it('stays exact on large counts', () => {
    // 40M output tokens of Opus 4.1 at $75 per MTok = $3000
    expect(table.costMicroUsd('claude-opus-4-1', { input: 0, output: 40_000_000, cacheCreation: 0, cacheRead: 0 })).toBe(3_000_000_000);
  });
});

describe('config overrides', () => {
  it('adds models and derives missing cache prices from the input price', () => {
    const custom = createPriceTable({ 'my-model': { input: 3, output: 15 } });
    expect(custom.priceOf('my-model')).toMatchObject({ input: 3_000_000, output: 15_000_000, cacheWrite5m: 3_750_000, cacheWrite1h: 6_000_000, cacheRead: 300_000, fromConfig: true });
  });

  it('overrides a built-in family', () => {
    const custom = createPriceTable({ 'claude-sonnet-5-5': { input: 2, output: 10, cacheRead: 0.1 } });
    expect(custom.priceOf('claude-sonnet-5-5-20261001')).toMatchObject({ cacheRead: 100_000, cacheWrite5m: 2_500_000 });
    // 1000 cache-read tokens at $0.10
    expect(custom.costMicroUsd('claude-sonnet-5-5', { input: 0, output: 0, cacheCreation: 0, cacheRead: 1000 })).toBe(100);
  });

  it('lets an exact snapshot id win over its family', () => {
    const custom = createPriceTable({ 'claude-sonnet-4-5-20250929': { input: 1, output: 1 } });
    expect(custom.priceOf('claude-sonnet-4-5-20250929').input).toBe(1_000_000);
    expect(custom.priceOf('claude-sonnet-4-5').input).toBe(3_000_000);
  });
});

describe('worst case and max_tokens within a budget', () => {
  it('prices input at the dearer of input and cache write, plus max_tokens of output', () => {
    // Sonnet 5.5: 1000 × $2.50 + 8192 × $10 = 2500 + 81920 µ$
    expect(table.worstCaseMicroUsd('claude-sonnet-5-5', 1000, 8192)).toBe(84_420);
  });

  it('rounds the worst case up', () => {
    // Haiku 5.5: 1 × $0.125 + 1 × $0.50 = 0.625 µ$
    expect(table.worstCaseMicroUsd('claude-haiku-5-5', 1, 1)).toBe(1);
  });

  it('finds the largest max_tokens whose worst case fits', () => {
    expect(table.maxTokensWithin('claude-sonnet-5-5', 1000, 84_420)).toBe(8192);
    expect(table.maxTokensWithin('claude-sonnet-5-5', 1000, 84_429)).toBe(8192);
    expect(table.maxTokensWithin('claude-sonnet-5-5', 1000, 84_430)).toBe(8193);
    expect(table.worstCaseMicroUsd('claude-sonnet-5-5', 1000, 8193)).toBe(84_430);
  });

  it('returns 0 when even the input does not fit', () => {
    expect(table.maxTokensWithin('claude-sonnet-5-5', 1000, 2499)).toBe(0);
    expect(table.maxTokensWithin('claude-sonnet-5-5', 1000, 2500)).toBe(0);
    expect(table.maxTokensWithin('claude-sonnet-5-5', 1000, 2510)).toBe(1);
  });

  it('agrees with worstCaseMicroUsd for many budgets', () => {
    for (const model of ['claude-haiku-5-5', 'claude-opus-4-1', 'claude-sonnet-4-5']) {
      for (const budget of [0, 1, 7, 999, 12_345, 1_000_000, 987_654_321]) {
        const m = table.maxTokensWithin(model, 321, budget);
        if (m > 0) expect(table.worstCaseMicroUsd(model, 321, m)).toBeLessThanOrEqual(budget);
        expect(table.worstCaseMicroUsd(model, 321, m + 1)).toBeGreaterThan(budget);
      }
    }
  });

  it('is unlimited for the simulated model', () => {
    expect(table.maxTokensWithin('simulated', 1000, 0)).toBe(Number.MAX_SAFE_INTEGER);
    expect(table.worstCaseMicroUsd('simulated', 1000, 1000)).toBe(0);
  });
});
