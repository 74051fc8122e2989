import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKET_BOUNDS_MS, latencyBucketField, percentileFromBuckets } from './latency-histogram.js';
import { lastDays } from './windows.js';

describe('latency histogram', () => {
  it('puts a latency in the first bucket whose bound covers it', () => {
    expect(latencyBucketField(0)).toBe('latencyBucket0');
    expect(latencyBucketField(50)).toBe('latencyBucket0');
    expect(latencyBucketField(51)).toBe('latencyBucket1');
    expect(latencyBucketField(10_000_000)).toBe(`latencyBucket${LATENCY_BUCKET_BOUNDS_MS.length}`);
  });

  it('computes p95 within the bucket that holds it', () => {
    const counts = new Array<number>(LATENCY_BUCKET_BOUNDS_MS.length + 1).fill(0);
    counts[3] = 95; // 250..500 ms
    counts[6] = 5; // 2000..5000 ms
    expect(percentileFromBuckets(counts, 0.95)).toBe(500);
    expect(percentileFromBuckets(counts, 0.5)).toBeGreaterThan(250);
    expect(percentileFromBuckets(counts, 0.5)).toBeLessThanOrEqual(500);
    expect(percentileFromBuckets(new Array<number>(14).fill(0), 0.95)).toBe(0);
  });

  it('lists the last N UTC days oldest first, across month ends', () => {
    expect(lastDays(new Date('2026-03-01T10:00:00Z'), 3)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });
});
