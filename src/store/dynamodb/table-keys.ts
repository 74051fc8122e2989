/**
 * The single-table key schema: every item has `pk` and `sk`; items that must be listed or polled in
 * time order also carry `gsi1pk` / `gsi1sk` (a sparse index). docs/dynamodb.md describes every item
 * type and access pattern.
 */

export const GSI1 = 'gsi1';
/** Epoch seconds after which DynamoDB may delete the item (cache entries, counters, leases). */
export const TTL_ATTRIBUTE = 'ttl';

/**
 * Work queues (pending events, queued and running jobs, reservation leases) are spread over this
 * many index partitions so no single partition takes every write. Changing it strands items in the
 * dropped shards, so it is fixed.
 */
export const QUEUE_SHARDS = 4;

export interface ItemKey {
  pk: string;
  sk: string;
}

/** Escapes the separator so caller-supplied ids cannot forge another item's key. */
export function keyPart(value: string): string {
  return value.replace(/%/g, '%25').replace(/#/g, '%23');
}

/** A stable shard in [0, QUEUE_SHARDS) for an id (FNV-1a). */
export function shardOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % QUEUE_SHARDS;
}

export function allShards(): number[] {
  return Array.from({ length: QUEUE_SHARDS }, (_, i) => i);
}

export type AggregateKind = 'ANALYSIS' | 'GENERATION';

export const itemKeys = {
  aggregate: (kind: AggregateKind, orgId: string, id: string): ItemKey => ({ pk: `ORG#${keyPart(orgId)}#${kind}#${keyPart(id)}`, sk: kind }),
  aggregateListing: (kind: AggregateKind, orgId: string, projectId: string): string => `ORG#${keyPart(orgId)}#PROJECT#${keyPart(projectId)}#${kind}`,
  event: (id: string): ItemKey => ({ pk: `EVENT#${keyPart(id)}`, sk: 'EVENT' }),
  outboxShard: (shard: number): string => `OUTBOX#${shard}`,
  job: (id: string): ItemKey => ({ pk: `JOB#${keyPart(id)}`, sk: 'JOB' }),
  queuedJobsShard: (shard: number): string => `JOBS#QUEUED#${shard}`,
  runningJobsShard: (shard: number): string => `JOBS#RUNNING#${shard}`,
  counter: (key: string): ItemKey => ({ pk: `COUNTER#${keyPart(key)}`, sk: 'COUNTER' }),
  reservation: (id: string): ItemKey => ({ pk: `RESERVATION#${keyPart(id)}`, sk: 'RESERVATION' }),
  leaseShard: (shard: number): string => `LEASES#${shard}`,
  ledger: (orgId: string, day: string, occurredAt: string, id: string): ItemKey => ({ pk: `LEDGER#${keyPart(orgId)}#${day}`, sk: `${occurredAt}#${keyPart(id)}` }),
  rollup: (scope: string, day: string, operation: string, model: string): ItemKey => ({
    pk: `ROLLUP#${keyPart(scope)}`,
    sk: `${day}#${keyPart(operation)}#${keyPart(model)}`,
  }),
  rollupScope: (scope: string): string => `ROLLUP#${keyPart(scope)}`,
  cache: (key: string): ItemKey => ({ pk: `CACHE#${keyPart(key)}`, sk: 'CACHE' }),
  apiKeyByHash: (hash: string): ItemKey => ({ pk: `APIKEY#${keyPart(hash)}`, sk: 'APIKEY' }),
  apiKeyById: (id: string): ItemKey => ({ pk: `APIKEYID#${keyPart(id)}`, sk: 'APIKEYID' }),
  apiKeyListing: 'APIKEYS',
} as const;

/** Sorts after every sort-key suffix that starts with `#` (used for inclusive upper bounds). */
export const SORT_KEY_HIGH = '#\uffff';
