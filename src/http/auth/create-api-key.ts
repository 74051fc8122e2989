import { randomUUID } from 'node:crypto';
import { InvalidInputError } from '../../domain/errors.js';
import { IDENTITY_ID, IDENTITY_ID_RULE } from '../../domain/identity.js';
import type { Clock } from '../../ports/clock.js';
import type { ApiKeyRecord, Role, Store } from '../../ports/store.js';
import { generateApiKey } from './api-keys.js';

export interface CreatedApiKey {
  /** The key itself: shown once, never stored. */
  key: string;
  record: ApiKeyRecord;
}

/** Creates and stores a key for `{orgId, userId, role}`; the store keeps only its SHA-256. */
export async function createApiKey(store: Pick<Store, 'apiKeys'>, clock: Clock, owner: { orgId: string; userId: string; role: Role }): Promise<CreatedApiKey> {
  const bad: string[] = [];
  if (!IDENTITY_ID.test(owner.orgId)) bad.push('org');
  if (!IDENTITY_ID.test(owner.userId)) bad.push('user');
  if (owner.role !== 'admin' && owner.role !== 'member') bad.push('role');
  if (bad.length > 0) {
    throw new InvalidInputError(`Invalid ${bad.join(', ')}: organisation and user ids are ${IDENTITY_ID_RULE}; role is admin or member.`, bad);
  }
  const { key, hash, prefix } = generateApiKey();
  const record: ApiKeyRecord = {
    id: `key_${randomUUID().replaceAll('-', '').slice(0, 20)}`,
    hash, prefix, orgId: owner.orgId, userId: owner.userId, role: owner.role,
    createdAt: clock.now().toISOString(), revokedAt: null,
  };
  await store.apiKeys.create(record);
  return { key, record };
}
