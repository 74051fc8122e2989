import type { CounterIncrement } from '../../ports/store.js';
import type { TransactItem } from './transact-write.js';
import { DAY_MS, addMs, ttlSeconds } from './item-codec.js';
import { TTL_ATTRIBUTE, itemKeys } from './table-keys.js';

/** One reserved amount, as kept on the reservation item. */
export interface ReservedAmount {
  key: string;
  amount: number;
  expiresAt: string;
}

/**
 * Combines increments of the same counter (a transaction may touch an item once): amounts add up,
 * the tightest limit applies to the combined amount, the latest expiry wins.
 */
export function mergeIncrements(increments: CounterIncrement[]): CounterIncrement[] {
  const merged = new Map<string, CounterIncrement>();
  for (const inc of increments) {
    const existing = merged.get(inc.key);
    if (!existing) {
      merged.set(inc.key, { ...inc });
      continue;
    }
    existing.amount += inc.amount;
    existing.limit = existing.limit === null ? inc.limit : inc.limit === null ? existing.limit : Math.min(existing.limit, inc.limit);
    if (Date.parse(inc.expiresAt) > Date.parse(existing.expiresAt)) existing.expiresAt = inc.expiresAt;
  }
  return [...merged.values()];
}

/**
 * `ADD` to one counter, refreshing its TTL to the end of its window. With a limit the write is
 * conditional: the counter must leave room for the amount (`v <= limit - amount`).
 */
export function counterAdd(tableName: string, key: string, amount: number, expiresAt: string, limit: number | null = null): TransactItem {
  const names = { '#ttl': TTL_ATTRIBUTE };
  const update = { TableName: tableName, Key: itemKeys.counter(key), UpdateExpression: 'ADD v :amount SET #ttl = :ttl, counterKey = :key', ExpressionAttributeNames: names };
  const values = { ':amount': amount, ':ttl': ttlSeconds(expiresAt), ':key': key };
  if (limit === null) return { Update: { ...update, ExpressionAttributeValues: values } };
  return {
    Update: {
      ...update,
      ConditionExpression: 'attribute_not_exists(v) OR v <= :room',
      ExpressionAttributeValues: { ...values, ':room': limit - amount },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/**
 * When a reservation item expires: a day after its lease and after every window it holds amounts in,
 * so a late release never meets a missing reservation while its counters still exist.
 */
export function reservationTtl(amounts: ReservedAmount[], leaseExpiresAt: string): number {
  const latest = [leaseExpiresAt, ...amounts.map((a) => a.expiresAt)].reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
  return ttlSeconds(addMs(latest, DAY_MS));
}

/**
 * The reservation item: its amounts (immutable once written) and its lease (renewed while its
 * holder runs) in the sharded lease index.
 */
export function reservationItem(reservationId: string, amounts: ReservedAmount[], leaseExpiresAt: string, leaseShard: string, leaseSortKey: string): Record<string, unknown> {
  return {
    ...itemKeys.reservation(reservationId),
    type: 'RESERVATION',
    gsi1pk: leaseShard,
    gsi1sk: leaseSortKey,
    reservationId,
    amounts: JSON.stringify(amounts),
    leaseExpiresAt,
    [TTL_ATTRIBUTE]: reservationTtl(amounts, leaseExpiresAt),
  };
}
