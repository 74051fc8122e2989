import type { Store } from '../../ports/store.js';
import { UnauthorizedError } from '../errors/http-errors.js';
import { bearerToken, hashApiKey, looksLikeApiKey } from './api-keys.js';
import type { Principal } from './principal.js';

const MISSING = 'Send an API key as `Authorization: Bearer sk_...`; create one with `skafu-ai keys create --org <id> --user <id>`.';
const INVALID = 'The API key is unknown or revoked; create a new one with `skafu-ai keys create`.';

/** Resolves the Authorization header to a principal or throws UnauthorizedError (401). */
export async function authenticate(store: Store, authorization: string | undefined): Promise<Principal> {
  const token = bearerToken(authorization);
  if (token === null) throw new UnauthorizedError(MISSING);
  if (!looksLikeApiKey(token)) throw new UnauthorizedError(INVALID);
  const record = await store.apiKeys.findByHash(hashApiKey(token));
  if (!record || record.revokedAt !== null) throw new UnauthorizedError(INVALID);
  return { keyId: record.id, orgId: record.orgId, userId: record.userId, role: record.role };
}
