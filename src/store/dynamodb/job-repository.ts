import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { JobKind, JobRecord, JobRepository } from '../../ports/store.js';
import { DAY_MS, addMs, isoKey, requireNumber, requireString, ttlSeconds } from './item-codec.js';
import { mergedQueue } from './sharded-queue.js';
import { GSI1, TTL_ATTRIBUTE, allShards, itemKeys, keyPart, shardOf } from './table-keys.js';
import { dynamoCall, isConditionFailure, type DynamoTable } from './dynamo-table.js';

/** Finished jobs stay this long before TTL removes them (the aggregate keeps the outcome). */
const DONE_RETENTION_MS = 30 * DAY_MS;

/**
 * Jobs: one item each. A queued job sits in a sharded "queued" index partition sorted by creation;
 * a running one in a "running" partition sorted by lease end, so claiming the oldest and finding
 * expired leases are index queries. Every state change is a conditional update of the job item.
 */
export function createJobRepository(table: DynamoTable): JobRepository {
  const queuedIndex = (job: Pick<JobRecord, 'id' | 'createdAt'>): { gsi1pk: string; gsi1sk: string } => ({
    gsi1pk: itemKeys.queuedJobsShard(shardOf(job.id)),
    gsi1sk: `${isoKey(job.createdAt)}#${keyPart(job.id)}`,
  });
  const runningIndex = (id: string, leaseExpiresAt: string): { gsi1pk: string; gsi1sk: string } => ({
    gsi1pk: itemKeys.runningJobsShard(shardOf(id)),
    gsi1sk: `${isoKey(leaseExpiresAt)}#${keyPart(id)}`,
  });

  function indexOf(job: JobRecord): Record<string, unknown> {
    if (job.state === 'queued') return queuedIndex(job);
    if (job.state === 'running' && job.leaseExpiresAt !== null) return runningIndex(job.id, job.leaseExpiresAt);
    return { [TTL_ATTRIBUTE]: ttlSeconds(addMs(job.createdAt, DONE_RETENTION_MS)) };
  }

  /** A conditional update that reports a failed condition as false instead of an error. */
  async function conditionalUpdate(action: string, input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<Record<string, unknown> | null> {
    try {
      const result = await dynamoCall(table, action, () => table.doc.send(new UpdateCommand({ TableName: table.tableName, ReturnValues: 'ALL_NEW', ...input })), ['ConditionalCheckFailedException']);
      return result.Attributes ?? {};
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  async function enqueue(job: JobRecord): Promise<void> {
    await dynamoCall(table, `enqueueing job ${job.id}`, () => table.doc.send(new PutCommand({
      TableName: table.tableName,
      Item: {
        ...itemKeys.job(job.id),
        type: 'JOB',
        ...job,
        queueSortKey: queuedIndex(job).gsi1sk,
        doneTtl: ttlSeconds(addMs(job.createdAt, DONE_RETENTION_MS)),
        ...indexOf(job),
      },
    })));
  }

  async function claimNext(owner: string, now: string, leaseExpiresAt: string): Promise<JobRecord | null> {
    const candidates = mergedQueue(table, 'claiming a job', {
      partitions: allShards().map(itemKeys.queuedJobsShard),
      below: { bound: '\uffff', inclusive: false },
      pageSize: 10,
    });
    for await (const candidate of candidates) {
      // null: another worker claimed it since the index was read; try the next one.
      const claimed = await claim(requireString(candidate, 'id'), owner, now, leaseExpiresAt);
      if (claimed) return claimed;
    }
    return null;
  }

  async function claim(id: string, owner: string, now: string, leaseExpiresAt: string): Promise<JobRecord | null> {
    const claimed = await conditionalUpdate(`claiming job ${id}`, {
      Key: itemKeys.job(id),
      UpdateExpression: 'SET #state = :running, leaseOwner = :owner, leaseExpiresAt = :lease, claimedAt = :now, gsi1pk = :pk, gsi1sk = :sk ADD attempts :one',
      ConditionExpression: '#state = :queued',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':running': 'running', ':queued': 'queued', ':owner': owner, ':lease': leaseExpiresAt, ':now': now, ':one': 1,
        ':pk': runningIndex(id, leaseExpiresAt).gsi1pk, ':sk': runningIndex(id, leaseExpiresAt).gsi1sk,
      },
    });
    return claimed ? toJob(claimed) : null;
  }

  async function heartbeat(id: string, owner: string, leaseExpiresAt: string): Promise<boolean> {
    const updated = await conditionalUpdate(`extending the lease of job ${id}`, {
      Key: itemKeys.job(id),
      UpdateExpression: 'SET leaseExpiresAt = :lease, gsi1sk = :sk',
      ConditionExpression: '#state = :running AND leaseOwner = :owner',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':lease': leaseExpiresAt, ':sk': runningIndex(id, leaseExpiresAt).gsi1sk, ':running': 'running', ':owner': owner },
    });
    return updated !== null;
  }

  async function complete(id: string): Promise<void> {
    await conditionalUpdate(`completing job ${id}`, {
      Key: itemKeys.job(id),
      UpdateExpression: 'SET #state = :done, leaseOwner = :null, leaseExpiresAt = :null, #ttl = doneTtl REMOVE gsi1pk, gsi1sk',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#state': 'state', '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':done': 'done', ':null': null },
    });
  }

  async function requeue(id: string, options: { refundAttempt?: boolean } = {}): Promise<void> {
    // A running job was claimed, so its attempts are at least 1 and a refund never goes below 0.
    await conditionalUpdate(`requeueing job ${id}`, {
      Key: itemKeys.job(id),
      UpdateExpression: 'SET #state = :queued, leaseOwner = :null, leaseExpiresAt = :null, gsi1pk = :pk, gsi1sk = queueSortKey, attempts = attempts - :refund',
      ConditionExpression: '#state = :running AND attempts >= :refund',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':queued': 'queued', ':running': 'running', ':null': null, ':pk': itemKeys.queuedJobsShard(shardOf(id)), ':refund': options.refundAttempt ? 1 : 0 },
    });
  }

  async function listExpired(now: string, limit: number): Promise<JobRecord[]> {
    const expired: JobRecord[] = [];
    if (limit <= 0) return expired;
    const candidates = mergedQueue(table, 'finding jobs with expired leases', {
      partitions: allShards().map(itemKeys.runningJobsShard),
      below: { bound: isoKey(now), inclusive: false },
      pageSize: Math.max(limit, 10),
    });
    for await (const item of candidates) {
      expired.push(toJob(item));
      if (expired.length >= limit) break;
    }
    return expired;
  }

  async function get(id: string): Promise<JobRecord | null> {
    const result = await dynamoCall(table, `reading job ${id}`, () => table.doc.send(new GetCommand({
      TableName: table.tableName, Key: itemKeys.job(id), ConsistentRead: true,
    })));
    return result.Item ? toJob(result.Item) : null;
  }

  async function countQueued(): Promise<number> {
    const counts = await Promise.all(allShards().map(async (shard) => {
      let count = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamoCall(table, 'counting queued jobs', () => table.doc.send(new QueryCommand({
          TableName: table.tableName,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': itemKeys.queuedJobsShard(shard) },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        })));
        count += page.Count ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return count;
    }));
    return counts.reduce((a, b) => a + b, 0);
  }

  return { enqueue, claimNext, claim, heartbeat, complete, requeue, listExpired, get, countQueued };
}

function nullableString(item: Record<string, unknown>, name: string): string | null {
  const value = item[name];
  return typeof value === 'string' ? value : null;
}

function toJob(item: Record<string, unknown>): JobRecord {
  return {
    id: requireString(item, 'id'),
    kind: requireString(item, 'kind') as JobKind,
    orgId: requireString(item, 'orgId'),
    state: requireString(item, 'state') as JobRecord['state'],
    attempts: requireNumber(item, 'attempts'),
    leaseOwner: nullableString(item, 'leaseOwner'),
    leaseExpiresAt: nullableString(item, 'leaseExpiresAt'),
    createdAt: requireString(item, 'createdAt'),
    // Jobs stored before the attribute existed ran with the cache.
    noCache: item.noCache === true,
  };
}
