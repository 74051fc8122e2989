import type { SecretSource } from '../ports/secret-source.js';

/** The Claude key from `ANTHROPIC_API_KEY`; null when unset or blank. */
export function createEnvSecretSource(env: NodeJS.ProcessEnv): SecretSource {
  const key = env.ANTHROPIC_API_KEY?.trim();
  const value = key ? key : null;
  return { getAnthropicApiKey: () => Promise.resolve(value) };
}
