import { describe, expect, it } from 'vitest';
import { formatUsd, MICROS_PER_USD, microsToUsd, usdToMicros } from './money.js';

describe('usdToMicros', () => {
  it.each([
    { usd: 0, micros: 0 },
    { usd: 1, micros: 1_000_000 },
    { usd: 10, micros: 10_000_000 },
    { usd: 19.99, micros: 19_990_000 },
    { usd: 0.000001, micros: 1 },
    { usd: 0.1 + 0.2, micros: 300_000 },
    { usd: 1.005, micros: 1_005_000 },
    { usd: 123.456789, micros: 123_456_789 },
  ])('converts $usd USD to $micros micro-dollars', ({ usd, micros }) => {
    expect(usdToMicros(usd)).toBe(micros);
  });

  it.each([
    { usd: 0.0000005, micros: 1 },
    { usd: 0.0000015, micros: 2 },
    { usd: 0.0000025, micros: 3 },
    { usd: 0.0001245, micros: 125 },
    { usd: 0.0002445, micros: 245 },
    { usd: 123.4567895, micros: 123_456_790 },
  ])('rounds a half micro-dollar up as written in decimal: $usd → $micros', ({ usd, micros }) => {
    expect(usdToMicros(usd)).toBe(micros);
  });

  it.each([
    { usd: 0.0000004, micros: 0 },
    { usd: 0.0000014, micros: 1 },
    { usd: 0.0001244, micros: 124 },
  ])('rounds below a half micro-dollar down: $usd → $micros', ({ usd, micros }) => {
    expect(usdToMicros(usd)).toBe(micros);
  });

  it('rounds every 7-decimal price ending in 5 up, over the first 100 000 values', () => {
    const wrong: string[] = [];
    for (let i = 0; i < 100_000; i += 1) {
      const written = `${(i / 1e6).toFixed(6)}5`;
      if (usdToMicros(Number(written)) !== i + 1) wrong.push(written);
    }
    expect(wrong).toEqual([]);
  });

  it('rounds negative amounts symmetrically and never returns -0', () => {
    expect(usdToMicros(-0.0000015)).toBe(-2);
    expect(usdToMicros(-1.25)).toBe(-1_250_000);
    expect(Object.is(usdToMicros(-0.0000001), 0)).toBe(true);
  });

  it('always returns an integer', () => {
    for (const usd of [0.3333333, 2 / 3, 1e-9, 99.9999999, 1234.5678912]) expect(Number.isInteger(usdToMicros(usd))).toBe(true);
  });
});

describe('microsToUsd', () => {
  it('divides by one million', () => {
    expect(MICROS_PER_USD).toBe(1_000_000);
    expect(microsToUsd(15_690)).toBe(0.01569);
    expect(microsToUsd(usdToMicros(42.5))).toBe(42.5);
  });
});

describe('formatUsd', () => {
  it.each([
    { micros: 0, text: '$0.0000' },
    { micros: 1, text: '$0.000001' },
    { micros: 1_234, text: '$0.001234' },
    { micros: 9_999, text: '$0.009999' },
    { micros: 10_000, text: '$0.0100' },
    { micros: 12_345, text: '$0.0123' },
    { micros: 1_234_567, text: '$1.2346' },
    { micros: 100_000_000, text: '$100.0000' },
    { micros: -500_000, text: '-$0.5000' },
    { micros: -1_234, text: '-$0.001234' },
  ])('formats $micros micro-dollars as $text', ({ micros, text }) => {
    expect(formatUsd(micros)).toBe(text);
  });
});
