/** Tokens billed for one or more model calls, by kind. `input` excludes the cached parts. */
export interface TokenUsage {
  input: number;
  output: number;
  cacheCreation: number;
  cacheRead: number;
  /** Split of `cacheCreation` by TTL when the API reported it. */
  cacheCreation5m?: number;
  cacheCreation1h?: number;
}

export const ZERO_TOKENS: TokenUsage = Object.freeze({ input: 0, output: 0, cacheCreation: 0, cacheRead: 0 });

export function totalTokens(usage: TokenUsage): number {
  return usage.input + usage.output + usage.cacheCreation + usage.cacheRead;
}

export function addTokens(a: TokenUsage, b: TokenUsage): TokenUsage {
  const sum: TokenUsage = {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheCreation: a.cacheCreation + b.cacheCreation,
    cacheRead: a.cacheRead + b.cacheRead,
  };
  if (a.cacheCreation5m !== undefined || b.cacheCreation5m !== undefined) {
    sum.cacheCreation5m = (a.cacheCreation5m ?? 0) + (b.cacheCreation5m ?? 0);
  }
  if (a.cacheCreation1h !== undefined || b.cacheCreation1h !== undefined) {
    sum.cacheCreation1h = (a.cacheCreation1h ?? 0) + (b.cacheCreation1h ?? 0);
  }
  return sum;
}
