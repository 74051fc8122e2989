import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CacheEntry, CacheRepository } from '../../ports/store.js';
import { decodeDocument, encodeDocument, requireString, ttlSeconds } from './item-codec.js';
import { TTL_ATTRIBUTE, itemKeys } from './table-keys.js';
import { dynamoCall, type DynamoTable } from './dynamo-table.js';

/**
 * Cache entries keyed by their hash, value gzipped. TTL deletes them eventually (DynamoDB may take
 * hours), so `get` also checks the expiry itself.
 */
export function createCacheRepository(table: DynamoTable): CacheRepository {
  async function get(key: string, now: string): Promise<CacheEntry | null> {
    const result = await dynamoCall(table, 'reading the cache', () => table.doc.send(new GetCommand({
      TableName: table.tableName, Key: itemKeys.cache(key), ConsistentRead: true,
    })));
    const item = result.Item;
    if (!item) return null;
    const expiresAt = requireString(item, 'expiresAt');
    if (Date.parse(expiresAt) <= Date.parse(now)) return null;
    return { key, value: decodeDocument<string>(item['value'], 'cache entry'), createdAt: requireString(item, 'createdAt'), expiresAt };
  }

  async function put(entry: CacheEntry): Promise<void> {
    await dynamoCall(table, 'writing the cache', () => table.doc.send(new PutCommand({
      TableName: table.tableName,
      Item: {
        ...itemKeys.cache(entry.key),
        type: 'CACHE',
        value: encodeDocument(entry.value, 'cache entry'),
        createdAt: entry.createdAt,
        expiresAt: entry.expiresAt,
        [TTL_ATTRIBUTE]: ttlSeconds(entry.expiresAt),
      },
    })));
  }

  return { get, put };
}
