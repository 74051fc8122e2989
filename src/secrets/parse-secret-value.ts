import { UnavailableError } from '../domain/errors.js';

/**
 * The API key inside a secret's value: a JSON object `{"apiKey": "..."}` or the plain key.
 * Messages name the secret id, never its content.
 */
export function parseAnthropicSecret(secretId: string, raw: string): string {
  const text = raw.trim();
  if (!text.startsWith('{')) {
    if (text === '') throw new UnavailableError(`The AWS Secrets Manager secret "${secretId}" (SKAFU_AI_ANTHROPIC_SECRET_ID) is empty: store the Claude API key in it, as a plain string or as JSON {"apiKey": "..."}.`);
    return text;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UnavailableError(`The AWS Secrets Manager secret "${secretId}" (SKAFU_AI_ANTHROPIC_SECRET_ID) looks like JSON but does not parse: store {"apiKey": "..."} or the plain key.`);
  }
  const apiKey = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).apiKey : undefined;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new UnavailableError(`The AWS Secrets Manager secret "${secretId}" (SKAFU_AI_ANTHROPIC_SECRET_ID) is JSON without a non-empty string "apiKey" field: store {"apiKey": "..."} or the plain key.`);
  }
  return apiKey.trim();
}
