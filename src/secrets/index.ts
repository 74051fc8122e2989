import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { systemClock, type Clock } from '../ports/clock.js';
import type { SecretSource } from '../ports/secret-source.js';
import { createAwsSecretSource, DEFAULT_SECRET_TTL_MS } from './aws-secret-source.js';
import { createEnvSecretSource } from './env-secret-source.js';

export { createAwsSecretSource, DEFAULT_SECRET_TTL_MS, type AwsSecretSourceOptions } from './aws-secret-source.js';
export { createEnvSecretSource } from './env-secret-source.js';
export { parseAnthropicSecret } from './parse-secret-value.js';

export interface SecretSourceOptions {
  /** Cache lifetime of a key read from Secrets Manager; default 5 minutes. */
  ttlMs?: number;
  clock?: Clock;
  /** A ready client (tests, custom credentials); otherwise one is built from `env`. */
  client?: SecretsManagerClient;
}

/**
 * Where the Claude key comes from: AWS Secrets Manager when `SKAFU_AI_ANTHROPIC_SECRET_ID` is set
 * (name or ARN; the value is `{"apiKey": "..."}` or the plain key), else `ANTHROPIC_API_KEY`.
 */
export function createSecretSource(env: NodeJS.ProcessEnv, options: SecretSourceOptions = {}): SecretSource {
  const secretId = env.SKAFU_AI_ANTHROPIC_SECRET_ID?.trim();
  if (!secretId) return createEnvSecretSource(env);
  return createAwsSecretSource({
    secretId,
    client: options.client ?? createSecretsManagerClient(env),
    clock: options.clock ?? systemClock,
    ttlMs: options.ttlMs ?? DEFAULT_SECRET_TTL_MS,
  });
}

/** A client for the region and endpoint named in `env` (credentials from the SDK's default chain). */
export function createSecretsManagerClient(env: NodeJS.ProcessEnv): SecretsManagerClient {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const endpoint = env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? env.AWS_ENDPOINT_URL;
  return new SecretsManagerClient({
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
}
