import type { DomainEvent } from '../../domain/events.js';
import type { TransactItem } from './transact-write.js';
import { DAY_MS, addMs, isoKey, ttlSeconds } from './item-codec.js';
import { itemKeys, keyPart, shardOf } from './table-keys.js';

/** Delivered events stay this long (for inspection) before TTL removes them. */
const DELIVERED_RETENTION_MS = 30 * DAY_MS;

/** Index sort key of a pending event: when it is next available, then its id. */
export function outboxSortKey(availableAt: string, eventId: string): string {
  return `${isoKey(availableAt)}#${keyPart(eventId)}`;
}

/** The Put of one new outbox entry, due at the time the event occurred. */
export function outboxPut(tableName: string, event: DomainEvent): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...itemKeys.event(event.id),
        type: 'EVENT',
        gsi1pk: itemKeys.outboxShard(shardOf(event.id)),
        gsi1sk: outboxSortKey(event.occurredAt, event.id),
        data: JSON.stringify(event),
        attempts: 0,
        nextAttemptAt: event.occurredAt,
        deliveredTtl: ttlSeconds(addMs(event.occurredAt, DELIVERED_RETENTION_MS)),
      },
    },
  };
}
