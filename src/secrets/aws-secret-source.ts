import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { UnavailableError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { SecretSource } from '../ports/secret-source.js';
import { parseAnthropicSecret } from './parse-secret-value.js';

export const DEFAULT_SECRET_TTL_MS = 5 * 60_000;

export interface AwsSecretSourceOptions {
  /** Secret name or ARN. */
  secretId: string;
  client: SecretsManagerClient;
  clock: Clock;
  /** How long a fetched key is reused before Secrets Manager is asked again. */
  ttlMs?: number;
}

/**
 * The Claude key from AWS Secrets Manager, cached for `ttlMs`. Concurrent callers share one
 * in-flight request; `forceRefresh` (used once after a 401) re-reads so a rotated key is picked up.
 */
export function createAwsSecretSource(options: AwsSecretSourceOptions): SecretSource {
  const { secretId, client, clock } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_SECRET_TTL_MS;
  let cached: { value: string; fetchedAtMs: number } | null = null;
  let inFlight: Promise<string> | null = null;

  const fetchKey = async (): Promise<string> => {
    let raw: string;
    try {
      const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      raw = answer.SecretString ?? (answer.SecretBinary ? Buffer.from(answer.SecretBinary).toString('utf8') : '');
    } catch (error) {
      throw describeFailure(secretId, error);
    }
    const value = parseAnthropicSecret(secretId, raw);
    cached = { value, fetchedAtMs: clock.now().getTime() };
    return value;
  };

  return {
    getAnthropicApiKey(request) {
      const fresh = cached !== null && clock.now().getTime() - cached.fetchedAtMs < ttlMs;
      if (cached !== null && fresh && !request?.forceRefresh) return Promise.resolve(cached.value);
      if (inFlight === null) {
        inFlight = fetchKey().finally(() => {
          inFlight = null;
        });
      }
      return inFlight;
    },
  };
}

function describeFailure(secretId: string, error: unknown): UnavailableError {
  const name = error instanceof Error ? error.name : 'Error';
  const where = `the AWS Secrets Manager secret "${secretId}" (SKAFU_AI_ANTHROPIC_SECRET_ID)`;
  let message: string;
  switch (name) {
    case 'ResourceNotFoundException':
      message = `Cannot find ${where}: check the name or ARN and the region (AWS_REGION).`;
      break;
    case 'AccessDeniedException':
      message = `Not allowed to read ${where}: grant secretsmanager:GetSecretValue on it (and kms:Decrypt on its key when it uses a customer-managed KMS key).`;
      break;
    case 'DecryptionFailure':
      message = `Secrets Manager could not decrypt ${where}: grant kms:Decrypt on the secret's KMS key.`;
      break;
    case 'InvalidRequestException':
      message = `Cannot read ${where}: it is scheduled for deletion or not in a readable state.`;
      break;
    default:
      message = `Cannot read ${where}: ${name}${error instanceof Error && error.message ? ` — ${error.message}` : ''}. Check network access to Secrets Manager and the credentials, then retry.`;
  }
  return new UnavailableError(message, { cause: error });
}
