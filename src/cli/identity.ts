import { ConfigError } from '../domain/errors.js';
import { IDENTITY_ID, IDENTITY_ID_RULE, type Identity } from '../domain/identity.js';

function idFromEnv(env: NodeJS.ProcessEnv, name: 'SKAFU_AI_ORG' | 'SKAFU_AI_USER'): string {
  const value = env[name];
  if (value === undefined || value === '') return 'local';
  // The ids API keys are made for (`keys create --org/--user`), so a CLI identity is one a key can have.
  if (!IDENTITY_ID.test(value)) {
    throw new ConfigError(`${name} must be an id of ${IDENTITY_ID_RULE} (as for API keys); got ${JSON.stringify(value.slice(0, 80))}${value.length > 80 ? '…' : ''}. `
      + 'Set it to such an id, or unset it for "local".');
  }
  return value;
}

/**
 * The identity of CLI calls: SKAFU_AI_ORG / SKAFU_AI_USER, `local` when unset or empty. Anything
 * else than a plain id is refused rather than stored: a stray space or newline would otherwise make
 * a second identity that looks like the first, and separators such as `:` could mix two users' usage.
 */
export function identityFromEnv(env: NodeJS.ProcessEnv): Identity {
  return { orgId: idFromEnv(env, 'SKAFU_AI_ORG'), userId: idFromEnv(env, 'SKAFU_AI_USER') };
}
