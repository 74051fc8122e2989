import {
  CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, UpdateTableCommand, UpdateTimeToLiveCommand,
  type AttributeDefinition, type GlobalSecondaryIndex, type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { StoreUnavailableError } from '../../domain/errors.js';
import { errorName, toStoreUnavailable } from './dynamo-errors.js';
import { GSI1, TTL_ATTRIBUTE } from './table-keys.js';
import { dynamoCall, type DynamoTable } from './dynamo-table.js';

const ATTRIBUTES: AttributeDefinition[] = [
  { AttributeName: 'pk', AttributeType: 'S' },
  { AttributeName: 'sk', AttributeType: 'S' },
  { AttributeName: 'gsi1pk', AttributeType: 'S' },
  { AttributeName: 'gsi1sk', AttributeType: 'S' },
];

const INDEX: GlobalSecondaryIndex = {
  IndexName: GSI1,
  KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }],
  Projection: { ProjectionType: 'ALL' },
};

export interface InitOptions {
  /** How long to wait for the table and its index to become ACTIVE. */
  timeoutMs: number;
  pollMs: number;
}

/**
 * Creates the table (on-demand capacity), its index and TTL, or completes a partly created one.
 * Idempotent and safe to run from several processes at once.
 */
export async function initTable(table: DynamoTable, options: InitOptions): Promise<void> {
  let description = await describe(table);
  if (!description) description = await create(table);
  const keys = description.KeySchema?.map((k) => `${k.AttributeName}:${k.KeyType}`).join(',');
  if (keys !== 'pk:HASH,sk:RANGE') {
    throw new StoreUnavailableError(`The DynamoDB table "${table.tableName}" exists with another key schema (${keys ?? 'unknown'}); point SKAFU_AI_DYNAMODB_TABLE at a new table name.`);
  }
  description = await waitUntilActive(table, options);
  if (!description.GlobalSecondaryIndexes?.some((i) => i.IndexName === GSI1)) {
    // A provisioned table needs capacity for the new index; an on-demand one must not be given any.
    const capacity = description.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST' ? undefined : description.ProvisionedThroughput;
    const throughput = capacity?.ReadCapacityUnits && capacity.WriteCapacityUnits
      ? { ProvisionedThroughput: { ReadCapacityUnits: capacity.ReadCapacityUnits, WriteCapacityUnits: capacity.WriteCapacityUnits } }
      : {};
    await dynamoCall(table, 'adding the index', () => table.client.send(new UpdateTableCommand({
      TableName: table.tableName,
      AttributeDefinitions: ATTRIBUTES,
      GlobalSecondaryIndexUpdates: [{ Create: { ...INDEX, ...throughput } }],
    })));
    await waitUntilActive(table, options);
  }
  await enableTtl(table);
}

async function describe(table: DynamoTable): Promise<TableDescription | null> {
  try {
    const result = await dynamoCall(table, 'describing the table', () => table.client.send(new DescribeTableCommand({ TableName: table.tableName })), ['ResourceNotFoundException']);
    return result.Table ?? null;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return null;
    throw error;
  }
}

async function create(table: DynamoTable): Promise<TableDescription> {
  try {
    const result = await dynamoCall(table, 'creating the table', () => table.client.send(new CreateTableCommand({
      TableName: table.tableName,
      AttributeDefinitions: ATTRIBUTES,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [INDEX],
    })), ['ResourceInUseException']);
    if (result.TableDescription) return result.TableDescription;
  } catch (error) {
    // Another process is creating the same table: wait for theirs.
    if (errorName(error) !== 'ResourceInUseException') throw error;
  }
  const existing = await describe(table);
  if (!existing) throw new StoreUnavailableError(`The DynamoDB table "${table.tableName}" could not be created or found.`);
  return existing;
}

async function waitUntilActive(table: DynamoTable, options: InitOptions): Promise<TableDescription> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const description = await describe(table);
    const indexesActive = (description?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
    if (description?.TableStatus === 'ACTIVE' && indexesActive) return description;
    if (Date.now() > deadline) {
      throw new StoreUnavailableError(`The DynamoDB table "${table.tableName}" did not become ACTIVE within ${Math.round(options.timeoutMs / 1000)} s (status ${description?.TableStatus ?? 'missing'}); run \`skafu-ai store init\` again later.`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}

async function ttlStatus(table: DynamoTable): Promise<{ status: string; attribute: string | undefined }> {
  const result = await dynamoCall(table, 'reading the TTL setting', () => table.client.send(new DescribeTimeToLiveCommand({ TableName: table.tableName })));
  return { status: result.TimeToLiveDescription?.TimeToLiveStatus ?? 'DISABLED', attribute: result.TimeToLiveDescription?.AttributeName };
}

async function enableTtl(table: DynamoTable): Promise<void> {
  const current = await ttlStatus(table);
  if (current.status === 'ENABLED' || current.status === 'ENABLING') {
    if (current.attribute !== TTL_ATTRIBUTE) {
      throw new StoreUnavailableError(`TTL on the DynamoDB table "${table.tableName}" uses the attribute "${current.attribute ?? '?'}", not "${TTL_ATTRIBUTE}"; disable it or use a new table.`);
    }
    return;
  }
  try {
    await dynamoCall(table, 'enabling TTL', () => table.client.send(new UpdateTimeToLiveCommand({
      TableName: table.tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: TTL_ATTRIBUTE },
    })), ['ValidationException']);
  } catch (error) {
    // A concurrent `store init` enabled it first ("TimeToLive is already enabled"); check it is ours.
    if (errorName(error) !== 'ValidationException') throw error;
    const after = await ttlStatus(table);
    if (after.status !== 'ENABLED' && after.status !== 'ENABLING') throw toStoreUnavailable(error, table.tableName, 'enabling TTL');
  }
}
