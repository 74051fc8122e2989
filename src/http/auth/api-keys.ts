import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'sk_';
/** `sk_` + 32 base64url characters = 192 random bits. */
const KEY_PATTERN = /^sk_[A-Za-z0-9_-]{32}$/;
const DISPLAY_PREFIX_LENGTH = 10;

export interface NewApiKey {
  /** The key itself: shown once, never stored. */
  key: string;
  /** SHA-256 hex of the key, which is what the store keeps. */
  hash: string;
  /** The first characters, to recognise the key in listings. */
  prefix: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new API key with 192 random bits. */
export function generateApiKey(): NewApiKey {
  const key = `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, DISPLAY_PREFIX_LENGTH) };
}

/** Whether the text has the shape of one of our keys (cheap rejection before any store lookup). */
export function looksLikeApiKey(text: string): boolean {
  return KEY_PATTERN.test(text);
}

/** The key of an `Authorization: Bearer <key>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match ? (match[1] as string) : null;
}
