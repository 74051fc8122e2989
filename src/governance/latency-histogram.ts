import type { RollupField } from '../ports/store.js';

/** Upper bounds (ms) of the latency buckets kept in the daily roll-ups; the last bucket is open. */
export const LATENCY_BUCKET_BOUNDS_MS = [50, 100, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000] as const;

export function latencyBucketField(latencyMs: number): RollupField {
  const index = LATENCY_BUCKET_BOUNDS_MS.findIndex((bound) => latencyMs <= bound);
  return `latencyBucket${index === -1 ? LATENCY_BUCKET_BOUNDS_MS.length : index}`;
}

/**
 * The p-th percentile from bucket counts, interpolated linearly inside its bucket. Exact to the
 * bucket's width, which is what roll-ups (never raw rows) allow.
 */
export function percentileFromBuckets(counts: number[], p: number): number {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  const rank = p * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i += 1) {
    const count = counts[i] ?? 0;
    if (count > 0 && seen + count >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BUCKET_BOUNDS_MS[i - 1] ?? 0;
      const upper = LATENCY_BUCKET_BOUNDS_MS[i] ?? lower * 2;
      return Math.round(lower + ((rank - seen) / count) * (upper - lower));
    }
    seen += count;
  }
  return LATENCY_BUCKET_BOUNDS_MS[LATENCY_BUCKET_BOUNDS_MS.length - 1] ?? 0;
}
