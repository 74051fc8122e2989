import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-skafu-signature';
export const TIMESTAMP_HEADER = 'x-skafu-timestamp';
export const EVENT_ID_HEADER = 'x-skafu-event-id';

/**
 * `sha256=<hex HMAC-SHA256>` of `<timestamp>.<raw body>`. The timestamp (Unix seconds, also sent in
 * `X-Skafu-Timestamp`) is part of the signed material so a captured delivery cannot be replayed
 * later with a fresh timestamp.
 */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookVerification {
  secret: string;
  /** The raw request body, exactly as received. */
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
  /** Receiver's current time in Unix seconds. */
  nowSeconds: number;
  /** Largest accepted age (and clock skew) of a delivery; default 300 seconds. */
  toleranceSeconds?: number;
}

/** What a receiver runs: true when the signature matches and the timestamp is recent. */
export function verifyWebhookSignature(input: WebhookVerification): boolean {
  const timestamp = Number(input.timestamp);
  if (!input.signature || !Number.isInteger(timestamp)) return false;
  if (Math.abs(input.nowSeconds - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhookBody(input.secret, timestamp, input.body));
  const given = Buffer.from(input.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
