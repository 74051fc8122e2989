import type { AnalysisRecord } from '../domain/ai-analysis.js';
import type { GenerationRecord } from '../domain/code-generation.js';
import type { DomainEvent } from '../domain/events.js';
import type { TokenUsage } from '../domain/token-usage.js';

/**
 * The storage port. Every operation maps onto DynamoDB primitives (single-item conditional writes,
 * transactions of ≤ 100 items, queries by partition key), so the SQLite and DynamoDB adapters pass
 * the same contract tests. All times are ISO-8601 UTC strings.
 */
export interface Store {
  readonly analyses: AggregateRepository<AnalysisRecord>;
  readonly generations: AggregateRepository<GenerationRecord>;
  readonly quota: QuotaRepository;
  readonly usage: UsageRepository;
  readonly cache: CacheRepository;
  readonly outbox: OutboxRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly jobs: JobRepository;
  /** Creates or migrates the schema / table. Idempotent. */
  init(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- aggregates

export interface AggregateRecordBase {
  id: string;
  orgId: string;
  projectId: string;
  createdAt: string;
  version: number;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, null on the last page. */
  nextCursor: string | null;
}

export interface AggregateRepository<R extends AggregateRecordBase> {
  /**
   * Writes the record and appends `events` to the outbox in one atomic write. A record with
   * version 0 is inserted (fails if the id exists); otherwise the write succeeds only if the
   * stored version equals `record.version`. Returns the record with its new version.
   * Throws `ConcurrentModificationError` on a version conflict.
   */
  save(record: R, events: DomainEvent[]): Promise<R>;
  /** The record, or null when it does not exist or belongs to another organisation. */
  get(orgId: string, id: string): Promise<R | null>;
  /** Newest first. */
  listByProject(orgId: string, projectId: string, page: { limit: number; cursor?: string | null }): Promise<Page<R>>;
}

export class ConcurrentModificationError extends Error {
  override readonly name = 'ConcurrentModificationError';
}

// ---------------------------------------------------------------- quotas

/**
 * One counter touched by a reservation. Keys are built by governance (scope, metric, operation,
 * window); the store only checks and adds.
 */
export interface CounterIncrement {
  key: string;
  /** Non-negative integer amount to add. */
  amount: number;
  /** When not null, the reservation fails unless current + amount ≤ limit. */
  limit: number | null;
  /** When the counter's window has passed and it may be deleted (TTL). */
  expiresAt: string;
}

export interface ReserveRequest {
  reservationId: string;
  increments: CounterIncrement[];
  /** After this time a reservation that was neither settled nor released is released by `releaseExpired`. */
  leaseExpiresAt: string;
  now: string;
}

export type ReserveOutcome =
  | { ok: true }
  | { ok: false; breach: { key: string; limit: number; current: number; amount: number } };

export interface SettleRequest {
  reservationId: string;
  /** Actual amounts per counter key; a key reserved but absent here settles to 0. */
  actual: { key: string; amount: number; expiresAt: string }[];
  /** The ledger row and metric roll-ups of this call, written in the same atomic operation. */
  usage: UsageRecord;
  now: string;
}

export interface QuotaRepository {
  /** Atomically: every increment within its limit → all are added and the reservation stored; else none. */
  reserve(request: ReserveRequest): Promise<ReserveOutcome>;
  /**
   * Replaces the reservation's amounts with the actual ones and records the usage, atomically.
   * If the reservation had already been released (lease expired), the actual amounts are added
   * anyway — money that was spent is always counted. Returns false in that case.
   */
  settle(request: SettleRequest): Promise<boolean>;
  /** Removes the reservation's amounts; false when it was already settled or released. */
  release(reservationId: string, now: string): Promise<boolean>;
  /**
   * Moves a held reservation's lease to `leaseExpiresAt` (its holder is alive and still calling);
   * false when it was settled or released meanwhile.
   */
  extendLease(reservationId: string, leaseExpiresAt: string): Promise<boolean>;
  /** Releases every reservation whose lease expired before `now`; returns how many. */
  releaseExpired(now: string): Promise<number>;
  /** Current values (0 for missing keys). */
  readCounters(keys: string[]): Promise<Map<string, number>>;
}

// ---------------------------------------------------------------- usage ledger and roll-ups

export type LedgerStatus = 'success' | 'failed' | 'cached' | 'refused';

/** One model call (or cache hit, or refusal). */
export interface LedgerEntry {
  id: string;
  orgId: string;
  userId: string;
  operation: string;
  model: string;
  aggregateId: string | null;
  tokens: TokenUsage;
  costMicroUsd: number;
  latencyMs: number;
  status: LedgerStatus;
  cached: boolean;
  occurredAt: string;
}

export const ROLLUP_FIELDS = [
  'requests', 'successful', 'failed', 'cached', 'refused',
  'inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens',
  'costMicroUsd', 'latencyMsSum', 'latencySamples',
] as const;
export type RollupField = (typeof ROLLUP_FIELDS)[number] | `latencyBucket${number}`;

/** Adds to the daily roll-up of one scope (`org:<id>` or `user:<org>:<id>`), operation and model. */
export interface RollupIncrement {
  scope: string;
  /** UTC day `YYYY-MM-DD`. */
  day: string;
  operation: string;
  model: string;
  fields: Partial<Record<RollupField, number>>;
}

export interface RollupRow {
  scope: string;
  day: string;
  operation: string;
  model: string;
  fields: Partial<Record<RollupField, number>>;
}

export interface UsageRecord {
  ledger: LedgerEntry;
  rollups: RollupIncrement[];
}

export interface UsageRepository {
  /** Records usage that had no reservation (cache hits, refusals), atomically with its roll-ups. */
  record(usage: UsageRecord): Promise<void>;
  /** Roll-up rows of the given scopes for days in [fromDay, toDay], inclusive. */
  readRollups(scopes: string[], fromDay: string, toDay: string): Promise<RollupRow[]>;
}

// ---------------------------------------------------------------- cache

export interface CacheEntry {
  key: string;
  /** JSON text of the cached answer. */
  value: string;
  createdAt: string;
  expiresAt: string;
}

export interface CacheRepository {
  /** The entry, or null when missing or expired at `now`. */
  get(key: string, now: string): Promise<CacheEntry | null>;
  put(entry: CacheEntry): Promise<void>;
}

// ---------------------------------------------------------------- outbox

export interface OutboxEntry {
  event: DomainEvent;
  attempts: number;
  nextAttemptAt: string;
}

export interface OutboxRepository {
  /** Appends events that belong to no aggregate write (e.g. AIUsageLimitExceeded). */
  append(events: DomainEvent[]): Promise<void>;
  /**
   * Claims up to `limit` undelivered events due at `now` for `leaseMs` so concurrent dispatchers do
   * not deliver the same event at the same time. Oldest first.
   */
  claim(limit: number, now: string, leaseMs: number): Promise<OutboxEntry[]>;
  markDelivered(eventIds: string[]): Promise<void>;
  /** Schedules another attempt. */
  markFailed(eventId: string, nextAttemptAt: string): Promise<void>;
}

// ---------------------------------------------------------------- API keys

export type Role = 'admin' | 'member';

export interface ApiKeyRecord {
  id: string;
  /** SHA-256 hex of the key; the key itself is never stored. */
  hash: string;
  /** First characters of the key, to recognise it in listings. */
  prefix: string;
  orgId: string;
  userId: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

export interface ApiKeyRepository {
  create(record: ApiKeyRecord): Promise<void>;
  /** The key with this hash, revoked or not. */
  findByHash(hash: string): Promise<ApiKeyRecord | null>;
  /** All keys, or those of one organisation. */
  list(orgId?: string): Promise<ApiKeyRecord[]>;
  /** False when no such key. */
  revoke(id: string, now: string): Promise<boolean>;
}

// ---------------------------------------------------------------- jobs

export type JobKind = 'analysis' | 'generation';

export interface JobRecord {
  /** The id of the analysis or generation the job runs. */
  id: string;
  kind: JobKind;
  orgId: string;
  state: 'queued' | 'running' | 'done';
  attempts: number;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  createdAt: string;
  /** Run without the cache lookup (`?noCache=true` on the submitting request). */
  noCache: boolean;
}

export interface JobRepository {
  enqueue(job: JobRecord): Promise<void>;
  /** Claims the oldest queued job: state running, attempts + 1, leased to `owner` until `leaseExpiresAt`. */
  claimNext(owner: string, now: string, leaseExpiresAt: string): Promise<JobRecord | null>;
  /**
   * Claims the job `id` as `claimNext` would, but only while it is queued: null when it is running,
   * done or unknown. A queue that delivers a job's message more than once still runs it once.
   */
  claim(id: string, owner: string, now: string, leaseExpiresAt: string): Promise<JobRecord | null>;
  /** Extends the lease; false when the job is no longer leased to `owner`. */
  heartbeat(id: string, owner: string, leaseExpiresAt: string): Promise<boolean>;
  complete(id: string): Promise<void>;
  /**
   * Puts a running job back in the queue. `refundAttempt`: its run was stopped on purpose (a
   * shutdown deadline), so the claim it took does not count as an attempt.
   */
  requeue(id: string, options?: { refundAttempt?: boolean }): Promise<void>;
  /** Running jobs whose lease expired before `now` (to retry or time out). */
  listExpired(now: string, limit: number): Promise<JobRecord[]>;
  get(id: string): Promise<JobRecord | null>;
  countQueued(): Promise<number>;
}
