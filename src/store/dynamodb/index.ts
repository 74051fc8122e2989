import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AnalysisRecord } from '../../domain/ai-analysis.js';
import type { GenerationRecord } from '../../domain/code-generation.js';
import type { Store } from '../../ports/store.js';
import { createAggregateRepository } from './aggregate-repository.js';
import { createApiKeyRepository } from './api-key-repository.js';
import { createCacheRepository } from './cache-repository.js';
import type { DynamoTable } from './dynamo-table.js';
import { initTable } from './init-table.js';
import { checkTableName } from './table-name.js';
import { createJobRepository } from './job-repository.js';
import { createOutboxRepository } from './outbox-repository.js';
import { createQuotaRepository } from './quota-repository.js';
import { createUsageRepository } from './usage-repository.js';

export interface DynamoStoreOptions {
  /** The single table holding every item (SKAFU_AI_DYNAMODB_TABLE). */
  tableName: string;
  /** A client to use; the store then leaves closing it to the caller. */
  client?: DynamoDBClient;
  /** Endpoint override; without it the SDK honours AWS_ENDPOINT_URL_DYNAMODB, then the AWS default. */
  endpoint?: string;
  /** Region; defaults to AWS_REGION, then AWS_DEFAULT_REGION, then `us-east-1`. */
  region?: string;
  /** How long `init()` waits for the table to become ACTIVE (default 5 minutes). */
  initTimeoutMs?: number;
}

/** SDK retries (throttling, 5xx, network) before a call fails closed as StoreUnavailableError. */
const MAX_SDK_ATTEMPTS = 4;

function createClient(options: DynamoStoreOptions): DynamoDBClient {
  return new DynamoDBClient({
    region: options.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: MAX_SDK_ATTEMPTS,
    // Without timeouts a stalled connection would hold a reservation decision forever.
    requestHandler: { connectionTimeout: 3000, requestTimeout: 10_000 },
  });
}

/**
 * The Store on one DynamoDB table (single-table design, see docs/dynamodb.md). Quotas use
 * conditional writes and TransactWriteItems; no operation scans. Any DynamoDB failure surfaces as
 * StoreUnavailableError so callers refuse rather than allow.
 */
export function createDynamoStore(options: DynamoStoreOptions): Store {
  if (!options.tableName) throw new RangeError('createDynamoStore needs a table name (SKAFU_AI_DYNAMODB_TABLE).');
  checkTableName(options.tableName);
  const client = options.client ?? createClient(options);
  const table: DynamoTable = {
    client,
    doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    tableName: options.tableName,
  };
  return {
    analyses: createAggregateRepository<AnalysisRecord>(table, 'ANALYSIS'),
    generations: createAggregateRepository<GenerationRecord>(table, 'GENERATION'),
    quota: createQuotaRepository(table),
    usage: createUsageRepository(table),
    cache: createCacheRepository(table),
    outbox: createOutboxRepository(table),
    apiKeys: createApiKeyRepository(table),
    jobs: createJobRepository(table),
    init: () => initTable(table, { timeoutMs: options.initTimeoutMs ?? 300_000, pollMs: 1000 }),
    close: async () => {
      if (!options.client) client.destroy();
    },
  };
}
