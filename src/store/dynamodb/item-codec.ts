import { gunzipSync, gzipSync } from 'node:zlib';
import { StoreUnavailableError } from '../../domain/errors.js';

/**
 * Encodings shared by the repositories: large JSON documents are gzipped into a binary attribute
 * (DynamoDB items are capped at 400 KB; generated code compresses several-fold), times are
 * normalised so their string order is their time order, TTLs are epoch seconds.
 */

/** Compressed size above which an item would approach DynamoDB's 400 KB item limit. */
const MAX_DOCUMENT_BYTES = 350 * 1024;

export function encodeDocument(value: unknown, what: string): Uint8Array {
  const packed = gzipSync(Buffer.from(JSON.stringify(value), 'utf8'));
  if (packed.byteLength > MAX_DOCUMENT_BYTES) {
    throw new StoreUnavailableError(
      `The ${what} is too large for a DynamoDB item (${Math.ceil(packed.byteLength / 1024)} KB compressed, at most ${MAX_DOCUMENT_BYTES / 1024} KB). Reduce the size of the request or output.`,
    );
  }
  return new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength);
}

export function decodeDocument<T>(value: unknown, what: string): T {
  if (!(value instanceof Uint8Array)) {
    throw new StoreUnavailableError(`A stored ${what} in DynamoDB is malformed (its data attribute is not binary); the table may have been written by an incompatible version.`);
  }
  return JSON.parse(gunzipSync(value).toString('utf8')) as T;
}

/** ISO-8601 with milliseconds, so lexical order in sort keys equals time order. */
export function isoKey(time: string): string {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 time: ${time}`);
  return new Date(ms).toISOString();
}

export function addMs(time: string, ms: number): string {
  return new Date(Date.parse(time) + ms).toISOString();
}

/** DynamoDB TTL value for an ISO time (rounded up so an item never vanishes early). */
export function ttlSeconds(time: string): number {
  return Math.ceil(Date.parse(time) / 1000);
}

export const DAY_MS = 86_400_000;

export function requireString(item: Record<string, unknown>, name: string): string {
  const value = item[name];
  if (typeof value !== 'string') throw new StoreUnavailableError(`A DynamoDB item is missing its "${name}" attribute; the table may have been written by an incompatible version.`);
  return value;
}

export function requireNumber(item: Record<string, unknown>, name: string): number {
  const value = item[name];
  if (typeof value !== 'number') throw new StoreUnavailableError(`A DynamoDB item is missing its numeric "${name}" attribute; the table may have been written by an incompatible version.`);
  return value;
}
