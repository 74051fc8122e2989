import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

export interface CacheKeyParts {
  operation: string;
  /** e.g. `requirements@1` — a new prompt version never reuses old answers. */
  promptVersion: string;
  model: string;
  /** Anything else that changes the answer (analysis type, generation type, max tokens…). */
  parameters: Record<string, unknown>;
  /** Always the sanitized input: raw values never reach the key. */
  sanitizedInput: unknown;
  /** The organisation id, or `global` when the cache is shared. */
  scope: string;
}

/** SHA-256 over the canonical JSON of every part that changes the answer. */
export function cacheKey(parts: CacheKeyParts): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}
