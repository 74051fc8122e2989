import { secretKeyName } from '../../sanitize/index.js';

/**
 * What a value may still carry, as bits: request input still dangerous for a given kind of sink, and
 * secret material. A sanitizer clears the bits of the sinks it makes safe (`basename` clears PATH).
 */
export const Taint = {
  SQL: 1,
  COMMAND: 2,
  CODE: 4,
  PATH: 8,
  URL: 16,
  SECRET: 32,
} as const;
export const INPUT = Taint.SQL | Taint.COMMAND | Taint.CODE | Taint.PATH | Taint.URL;

/**
 * Whether an identifier names a secret (`db_password`, `apiKey`) rather than its metadata
 * (`secret_name`, `tokens_used`) — the sanitizer's key-name rules, so both agree.
 */
export function isSecretName(name: string): boolean {
  return secretKeyName(name) !== undefined;
}
