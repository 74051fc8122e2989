import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidInputError } from '../../domain/errors.js';
import type { ApiKeyRecord, ApiKeyRepository } from '../../ports/store.js';
import { isoKey, requireString } from './item-codec.js';
import { GSI1, itemKeys, keyPart } from './table-keys.js';
import { dynamoCall, isConditionFailure, type DynamoTable } from './dynamo-table.js';
import { transactWrite } from './transact-write.js';

/**
 * API keys: the record lives under its hash (the lookup on every HTTP request is one GetItem), a
 * small id → hash item serves revoke, and one index partition sorted by organisation lists them.
 */
export function createApiKeyRepository(table: DynamoTable): ApiKeyRepository {
  async function create(record: ApiKeyRecord): Promise<void> {
    const outcome = await transactWrite(table, `creating API key ${record.id}`, [
      {
        Put: {
          TableName: table.tableName,
          Item: {
            ...itemKeys.apiKeyByHash(record.hash),
            type: 'APIKEY',
            gsi1pk: itemKeys.apiKeyListing,
            gsi1sk: `${keyPart(record.orgId)}#${isoKey(record.createdAt)}#${keyPart(record.id)}`,
            data: JSON.stringify(record),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: table.tableName, Item: { ...itemKeys.apiKeyById(record.id), type: 'APIKEYID', hash: record.hash }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
    if (!outcome.ok) throw new InvalidInputError(`An API key with id ${record.id} or the same hash already exists; generate a new key.`, ['apiKey']);
  }

  async function findByHash(hash: string): Promise<ApiKeyRecord | null> {
    const result = await dynamoCall(table, 'looking up an API key', () => table.doc.send(new GetCommand({
      TableName: table.tableName, Key: itemKeys.apiKeyByHash(hash), ConsistentRead: true,
    })));
    return result.Item ? parseRecord(result.Item) : null;
  }

  async function list(orgId?: string): Promise<ApiKeyRecord[]> {
    const records: ApiKeyRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamoCall(table, 'listing API keys', () => table.doc.send(new QueryCommand({
        TableName: table.tableName,
        IndexName: GSI1,
        KeyConditionExpression: orgId === undefined ? 'gsi1pk = :p' : 'gsi1pk = :p AND begins_with(gsi1sk, :org)',
        ExpressionAttributeValues: orgId === undefined ? { ':p': itemKeys.apiKeyListing } : { ':p': itemKeys.apiKeyListing, ':org': `${keyPart(orgId)}#` },
        ExclusiveStartKey: startKey,
      })));
      records.push(...(page.Items ?? []).map(parseRecord));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async function revoke(id: string, now: string): Promise<boolean> {
    const pointer = await dynamoCall(table, `revoking API key ${id}`, () => table.doc.send(new GetCommand({
      TableName: table.tableName, Key: itemKeys.apiKeyById(id), ConsistentRead: true,
    })));
    if (!pointer.Item) return false;
    const hash = requireString(pointer.Item, 'hash');
    const current = await findByHash(hash);
    if (!current) return false;
    if (current.revokedAt !== null) return true;
    try {
      await dynamoCall(table, `revoking API key ${id}`, () => table.doc.send(new UpdateCommand({
        TableName: table.tableName,
        Key: itemKeys.apiKeyByHash(hash),
        UpdateExpression: 'SET #data = :data',
        ConditionExpression: '#data = :before',
        ExpressionAttributeNames: { '#data': 'data' },
        ExpressionAttributeValues: { ':data': JSON.stringify({ ...current, revokedAt: now }), ':before': JSON.stringify(current) },
      })), ['ConditionalCheckFailedException']);
    } catch (error) {
      // Revoked concurrently by someone else: the key is revoked either way.
      if (!isConditionFailure(error)) throw error;
    }
    return true;
  }

  return { create, findByHash, list, revoke };
}

function parseRecord(item: Record<string, unknown>): ApiKeyRecord {
  return JSON.parse(requireString(item, 'data')) as ApiKeyRecord;
}
