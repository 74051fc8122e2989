import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../domain/events.js';
import type { OutboxEntry, OutboxRepository } from '../../ports/store.js';
import { addMs, isoKey, requireNumber, requireString } from './item-codec.js';
import { outboxPut, outboxSortKey } from './outbox-items.js';
import { mergedQueue } from './sharded-queue.js';
import { SORT_KEY_HIGH, TTL_ATTRIBUTE, allShards, itemKeys } from './table-keys.js';
import { dynamoCall, isConditionFailure, type DynamoTable } from './dynamo-table.js';
import { MAX_TRANSACTION_ITEMS, transactWrite } from './transact-write.js';

/**
 * The outbox: one item per event. While undelivered it sits in a sharded index partition ordered by
 * the time it is next available (due time, or lease end while claimed); delivery removes it from the
 * index. Claims are conditional on the index sort key still being what the claimer saw.
 */
export function createOutboxRepository(table: DynamoTable): OutboxRepository {
  async function append(events: DomainEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += MAX_TRANSACTION_ITEMS) {
      const chunk = events.slice(i, i + MAX_TRANSACTION_ITEMS);
      await transactWrite(table, 'appending events to the outbox', chunk.map((e) => outboxPut(table.tableName, e)));
    }
  }

  async function claim(limit: number, now: string, leaseMs: number): Promise<OutboxEntry[]> {
    const claimed: OutboxEntry[] = [];
    if (limit <= 0) return claimed;
    const leasedUntil = addMs(now, leaseMs);
    const candidates = mergedQueue(table, 'claiming outbox events', {
      partitions: allShards().map(itemKeys.outboxShard),
      below: { bound: `${isoKey(now)}${SORT_KEY_HIGH}`, inclusive: true },
      pageSize: Math.max(limit, 10),
    });
    for await (const candidate of candidates) {
      const event = JSON.parse(requireString(candidate, 'data')) as DomainEvent;
      try {
        const result = await dynamoCall(table, 'claiming an outbox event', () => table.doc.send(new UpdateCommand({
          TableName: table.tableName,
          Key: itemKeys.event(event.id),
          UpdateExpression: 'SET gsi1sk = :leased',
          ConditionExpression: 'gsi1sk = :seen',
          ExpressionAttributeValues: { ':leased': outboxSortKey(leasedUntil, event.id), ':seen': candidate['gsi1sk'] },
          ReturnValues: 'ALL_OLD',
        })), ['ConditionalCheckFailedException']);
        const before = result.Attributes ?? candidate;
        claimed.push({ event, attempts: requireNumber(before, 'attempts'), nextAttemptAt: requireString(before, 'nextAttemptAt') });
      } catch (error) {
        // Another dispatcher claimed or delivered it since the index was read: not ours to deliver.
        if (!isConditionFailure(error)) throw error;
      }
      if (claimed.length >= limit) break;
    }
    return claimed;
  }

  async function markDelivered(eventIds: string[]): Promise<void> {
    await Promise.all(eventIds.map(async (id) => {
      try {
        await dynamoCall(table, `marking event ${id} delivered`, () => table.doc.send(new UpdateCommand({
          TableName: table.tableName,
          Key: itemKeys.event(id),
          UpdateExpression: 'SET delivered = :true, #ttl = deliveredTtl REMOVE gsi1pk, gsi1sk',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':true': true },
        })), ['ConditionalCheckFailedException']);
      } catch (error) {
        // An unknown id has nothing to mark; creating a stub item for it would be wrong.
        if (!isConditionFailure(error)) throw error;
      }
    }));
  }

  async function markFailed(eventId: string, nextAttemptAt: string): Promise<void> {
    try {
      await dynamoCall(table, `rescheduling event ${eventId}`, () => table.doc.send(new UpdateCommand({
        TableName: table.tableName,
        Key: itemKeys.event(eventId),
        UpdateExpression: 'SET nextAttemptAt = :next, gsi1sk = :sk ADD attempts :one',
        ConditionExpression: 'attribute_exists(gsi1pk)',
        ExpressionAttributeValues: { ':next': nextAttemptAt, ':sk': outboxSortKey(nextAttemptAt, eventId), ':one': 1 },
      })), ['ConditionalCheckFailedException']);
    } catch (error) {
      // Already delivered (or unknown): a late failure report must not resurrect it.
      if (!isConditionFailure(error)) throw error;
    }
  }

  return { append, claim, markDelivered, markFailed };
}
