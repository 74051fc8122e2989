export interface TakeResult {
  allowed: boolean;
  /** Seconds until one token is available again (0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * Per-key token buckets holding `perMinute` tokens and refilling continuously, so a key may burst up
 * to its minute's allowance and then proceeds at the steady rate. In-process: each server counts
 * on its own (the exact, shared quotas are the store's job).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();

  constructor(private readonly maxKeys = 100_000) {}

  take(key: string, perMinute: number, nowMs: number): TakeResult {
    const refillPerMs = perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, updatedMs: nowMs };
    bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, nowMs - bucket.updatedMs) * refillPerMs);
    bucket.updatedMs = nowMs;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= this.maxKeys) this.evictFull(nowMs, refillPerMs, perMinute);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: refillPerMs > 0 ? (1 - bucket.tokens) / refillPerMs / 1000 : 60 };
  }

  /** Forgets buckets that have refilled completely: they behave exactly like new ones. */
  private evictFull(nowMs: number, refillPerMs: number, perMinute: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (nowMs - bucket.updatedMs) * refillPerMs >= perMinute) this.buckets.delete(key);
    }
  }
}
