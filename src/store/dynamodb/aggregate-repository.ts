import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidInputError, StoreUnavailableError } from '../../domain/errors.js';
import type { DomainEvent } from '../../domain/events.js';
import { ConcurrentModificationError, type AggregateRecordBase, type AggregateRepository, type Page } from '../../ports/store.js';
import { decodeDocument, encodeDocument, isoKey } from './item-codec.js';
import { decodeListCursor, encodeListCursor } from './list-cursor.js';
import { outboxPut } from './outbox-items.js';
import { GSI1, itemKeys, keyPart, type AggregateKind } from './table-keys.js';
import { dynamoCall, isConditionFailure, type DynamoTable } from './dynamo-table.js';
import { MAX_TRANSACTION_ITEMS, transactWrite, type TransactItem } from './transact-write.js';

const MAX_PAGE = 1000;

/**
 * Analyses or generations: one item per record (gzipped JSON in `data`, `version` beside it for the
 * optimistic condition), listed per project through the sparse index, newest first.
 */
export function createAggregateRepository<R extends AggregateRecordBase>(table: DynamoTable, kind: AggregateKind): AggregateRepository<R> {
  const what = kind.toLowerCase();

  async function save(record: R, events: DomainEvent[]): Promise<R> {
    const stored: R = { ...record, version: record.version + 1 };
    const item = {
      ...itemKeys.aggregate(kind, record.orgId, record.id),
      type: kind,
      gsi1pk: itemKeys.aggregateListing(kind, record.orgId, record.projectId),
      gsi1sk: `${isoKey(record.createdAt)}#${keyPart(record.id)}`,
      version: stored.version,
      data: encodeDocument(stored, what),
    };
    const condition = record.version === 0
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': record.version } };
    const conflict = (): ConcurrentModificationError => new ConcurrentModificationError(record.version === 0
      ? `The ${what} ${record.id} already exists.`
      : `The ${what} ${record.id} was changed concurrently or does not exist (expected version ${record.version}).`);

    if (events.length === 0) {
      try {
        await dynamoCall(table, `saving ${what} ${record.id}`, () => table.doc.send(new PutCommand({ TableName: table.tableName, Item: item, ...condition })), ['ConditionalCheckFailedException']);
      } catch (error) {
        if (isConditionFailure(error)) throw conflict();
        throw error;
      }
      return stored;
    }
    if (events.length >= MAX_TRANSACTION_ITEMS) {
      throw new StoreUnavailableError(`Saving ${what} ${record.id} with ${events.length} events exceeds one DynamoDB transaction (at most ${MAX_TRANSACTION_ITEMS - 1} events).`);
    }
    const items: TransactItem[] = [{ Put: { TableName: table.tableName, Item: item, ...condition } }, ...events.map((e) => outboxPut(table.tableName, e))];
    const outcome = await transactWrite(table, `saving ${what} ${record.id}`, items);
    if (!outcome.ok) throw conflict();
    return stored;
  }

  async function get(orgId: string, id: string): Promise<R | null> {
    const result = await dynamoCall(table, `reading ${what} ${id}`, () => table.doc.send(new GetCommand({
      TableName: table.tableName,
      Key: itemKeys.aggregate(kind, orgId, id),
      ConsistentRead: true,
    })));
    return result.Item ? decodeDocument<R>(result.Item['data'], what) : null;
  }

  async function listByProject(orgId: string, projectId: string, page: { limit: number; cursor?: string | null }): Promise<Page<R>> {
    if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE) {
      throw new InvalidInputError(`The page limit must be an integer from 1 to ${MAX_PAGE}, got ${page.limit}.`, ['limit']);
    }
    const partition = itemKeys.aggregateListing(kind, orgId, projectId);
    let startKey = page.cursor ? decodeListCursor(page.cursor, partition) : undefined;
    const items: Record<string, unknown>[] = [];
    // One extra item tells whether another page exists, so the last page says null exactly.
    while (items.length <= page.limit) {
      const result = await dynamoCall(table, `listing ${what}s of project ${projectId}`, () => table.doc.send(new QueryCommand({
        TableName: table.tableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': partition },
        ScanIndexForward: false,
        Limit: page.limit + 1 - items.length,
        ExclusiveStartKey: startKey,
      })));
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
      if (!startKey) break;
    }
    const pageItems = items.slice(0, page.limit);
    const last = pageItems[pageItems.length - 1];
    return {
      items: pageItems.map((item) => decodeDocument<R>(item['data'], what)),
      nextCursor: items.length > page.limit && last ? encodeListCursor(partition, last) : null,
    };
  }

  return { save, get, listByProject };
}
