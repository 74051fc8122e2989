import { BatchGetCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError } from '../../domain/errors.js';
import type { QuotaRepository, ReserveOutcome, ReserveRequest, SettleRequest } from '../../ports/store.js';
import { counterAdd, mergeIncrements, reservationItem, reservationTtl, type ReservedAmount } from './counter-items.js';
import { isoKey, requireString } from './item-codec.js';
import { mergedQueue } from './sharded-queue.js';
import { TTL_ATTRIBUTE, allShards, itemKeys, keyPart, shardOf } from './table-keys.js';
import { dynamoCall, isConditionFailure, type DynamoTable } from './dynamo-table.js';
import { numberAttribute, transactWrite, type TransactItem } from './transact-write.js';
import { usageWrites } from './usage-items.js';

const BATCH_GET_MAX = 100;

/**
 * Quotas on DynamoDB. Reserve is one transaction: a conditional `ADD` per counter plus the Put of the
 * reservation item. Settle and release are transactions that delete the reservation on condition it
 * still exists, so exactly one of settle / release / releaseExpired consumes it; a settle that loses
 * still adds the actual amounts (money spent is always counted).
 */
export function createQuotaRepository(table: DynamoTable): QuotaRepository {
  /** With `expiredBefore`, only while the lease (read from the item itself, not the index) is over. */
  const reservationDelete = (id: string, expiredBefore?: string): TransactItem => ({
    Delete: {
      TableName: table.tableName,
      Key: itemKeys.reservation(id),
      ...(expiredBefore === undefined
        ? { ConditionExpression: 'attribute_exists(pk)' }
        : { ConditionExpression: 'attribute_exists(pk) AND leaseExpiresAt < :now', ExpressionAttributeValues: { ':now': expiredBefore } }),
    },
  });

  async function readCounters(keys: string[]): Promise<Map<string, number>> {
    const values = new Map<string, number>(keys.map((k) => [k, 0]));
    const unique = [...values.keys()];
    for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
      let pending: Record<string, unknown>[] | undefined = unique.slice(i, i + BATCH_GET_MAX).map((k) => ({ ...itemKeys.counter(k) }));
      for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
        if (attempt > 8) throw new StoreUnavailableError(`DynamoDB kept deferring counter reads on table "${table.tableName}"; the request was refused rather than allowed.`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
        const keysToRead: Record<string, unknown>[] = pending;
        const result = await dynamoCall(table, 'reading quota counters', () => table.doc.send(new BatchGetCommand({
          RequestItems: { [table.tableName]: { Keys: keysToRead, ConsistentRead: true, ProjectionExpression: 'counterKey, v' } },
        })));
        for (const item of result.Responses?.[table.tableName] ?? []) {
          values.set(requireString(item, 'counterKey'), numberAttribute(item, 'v') ?? 0);
        }
        pending = result.UnprocessedKeys?.[table.tableName]?.Keys;
      }
    }
    return values;
  }

  async function currentValue(key: string): Promise<number> {
    return (await readCounters([key])).get(key) ?? 0;
  }

  async function reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const increments = mergeIncrements(request.increments);
    // A limit below the amount can never be met (and the condition alone would admit it on a new
    // counter): refuse without writing, reporting the first counter in request order that breaches.
    if (increments.some((inc) => inc.limit !== null && inc.amount > inc.limit)) {
      const values = await readCounters(increments.map((inc) => inc.key));
      for (const inc of increments) {
        const current = values.get(inc.key) ?? 0;
        if (inc.limit !== null && current + inc.amount > inc.limit) return { ok: false, breach: { key: inc.key, limit: inc.limit, current, amount: inc.amount } };
      }
    }
    const amounts: ReservedAmount[] = increments.map(({ key, amount, expiresAt }) => ({ key, amount, expiresAt }));
    const leaseShard = itemKeys.leaseShard(shardOf(request.reservationId));
    const leaseSortKey = `${isoKey(request.leaseExpiresAt)}#${keyPart(request.reservationId)}`;
    const items: TransactItem[] = [
      ...increments.map((inc) => counterAdd(table.tableName, inc.key, inc.amount, inc.expiresAt, inc.limit)),
      {
        Put: {
          TableName: table.tableName,
          Item: reservationItem(request.reservationId, amounts, request.leaseExpiresAt, leaseShard, leaseSortKey),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    const outcome = await transactWrite(table, 'reserving quota', items);
    if (outcome.ok) return { ok: true };
    const breached = outcome.failed.find((f) => f.index < increments.length);
    const inc = breached ? increments[breached.index] : undefined;
    if (!breached || !inc || inc.limit === null) {
      throw new StoreUnavailableError(`The reservation id ${request.reservationId} is already in use in table "${table.tableName}"; reservation ids must be unique.`);
    }
    const current = numberAttribute(breached.item, 'v') ?? await currentValue(inc.key);
    return { ok: false, breach: { key: inc.key, limit: inc.limit, current, amount: inc.amount } };
  }

  async function readReservation(id: string): Promise<ReservedAmount[] | null> {
    const result = await dynamoCall(table, `reading reservation ${id}`, () => table.doc.send(new GetCommand({
      TableName: table.tableName, Key: itemKeys.reservation(id), ConsistentRead: true,
    })));
    return result.Item ? parseAmounts(result.Item) : null;
  }

  async function settle(request: SettleRequest): Promise<boolean> {
    const actual = new Map<string, { amount: number; expiresAt: string }>();
    for (const a of request.actual) {
      const prev = actual.get(a.key);
      actual.set(a.key, { amount: (prev?.amount ?? 0) + a.amount, expiresAt: a.expiresAt });
    }
    const usage = usageWrites(table.tableName, request.usage);
    const reserved = await readReservation(request.reservationId);
    if (reserved) {
      const deltas = new Map<string, { amount: number; expiresAt: string }>();
      for (const r of reserved) deltas.set(r.key, { amount: -r.amount, expiresAt: r.expiresAt });
      for (const [key, a] of actual) deltas.set(key, { amount: (deltas.get(key)?.amount ?? 0) + a.amount, expiresAt: a.expiresAt });
      const counterWrites = [...deltas].filter(([, d]) => d.amount !== 0).map(([key, d]) => counterAdd(table.tableName, key, d.amount, d.expiresAt));
      const outcome = await transactWrite(table, `settling reservation ${request.reservationId}`, [reservationDelete(request.reservationId), ...usage, ...counterWrites]);
      if (outcome.ok) return true;
      // The ledger row exists: this usage was recorded before; nothing more to count.
      if (!outcome.failed.some((f) => f.index === 0)) return false;
      // Otherwise the reservation was released concurrently: count the actual amounts in full below.
    }
    const counterWrites = [...actual].filter(([, a]) => a.amount !== 0).map(([key, a]) => counterAdd(table.tableName, key, a.amount, a.expiresAt));
    // Only the ledger row is conditional here: if it exists, this usage was already counted.
    await transactWrite(table, `settling released reservation ${request.reservationId}`, [...usage, ...counterWrites]);
    return false;
  }

  async function releaseAmounts(id: string, amounts: ReservedAmount[], expiredBefore?: string): Promise<boolean> {
    const counterWrites = amounts.filter((a) => a.amount !== 0).map((a) => counterAdd(table.tableName, a.key, -a.amount, a.expiresAt));
    const outcome = await transactWrite(table, `releasing reservation ${id}`, [reservationDelete(id, expiredBefore), ...counterWrites]);
    return outcome.ok;
  }

  async function release(reservationId: string, _now: string): Promise<boolean> {
    const reserved = await readReservation(reservationId);
    return reserved ? releaseAmounts(reservationId, reserved) : false;
  }

  async function extendLease(reservationId: string, leaseExpiresAt: string): Promise<boolean> {
    const amounts = await readReservation(reservationId);
    if (!amounts) return false;
    try {
      await dynamoCall(table, `extending the lease of reservation ${reservationId}`, () => table.doc.send(new UpdateCommand({
        TableName: table.tableName,
        Key: itemKeys.reservation(reservationId),
        // The lease index key moves with the lease; the item lives as long as its latest window.
        UpdateExpression: 'SET leaseExpiresAt = :lease, gsi1sk = :sk, #ttl = :ttl',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':lease': leaseExpiresAt, ':sk': `${isoKey(leaseExpiresAt)}#${keyPart(reservationId)}`, ':ttl': reservationTtl(amounts, leaseExpiresAt) },
      })), ['ConditionalCheckFailedException']);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async function releaseExpired(now: string): Promise<number> {
    let released = 0;
    const expired = mergedQueue(table, 'finding expired reservations', {
      partitions: allShards().map(itemKeys.leaseShard),
      below: { bound: isoKey(now), inclusive: false },
      pageSize: 50,
    });
    // A reservation's amounts never change once written, so the index copy's are exact; its lease
    // may have been extended since the index was read, which the delete's condition checks.
    for await (const item of expired) {
      if (await releaseAmounts(requireString(item, 'reservationId'), parseAmounts(item), now)) released += 1;
    }
    return released;
  }

  return { reserve, settle, release, extendLease, releaseExpired, readCounters };
}

function parseAmounts(item: Record<string, unknown>): ReservedAmount[] {
  return JSON.parse(requireString(item, 'amounts')) as ReservedAmount[];
}
