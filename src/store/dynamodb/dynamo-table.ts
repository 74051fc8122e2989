import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { errorName, toStoreUnavailable } from './dynamo-errors.js';

/** What every repository needs: the clients and the table. */
export interface DynamoTable {
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
}

/**
 * Runs one SDK call. Errors named in `expected` (e.g. ConditionalCheckFailedException) are rethrown
 * for the caller to interpret; every other failure becomes StoreUnavailableError (fail closed).
 */
export async function dynamoCall<T>(table: DynamoTable, action: string, run: () => Promise<T>, expected: readonly string[] = []): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (expected.includes(errorName(error))) throw error;
    throw toStoreUnavailable(error, table.tableName, action);
  }
}

/** True when `error` is a failed condition of a single-item write. */
export function isConditionFailure(error: unknown): boolean {
  return errorName(error) === 'ConditionalCheckFailedException';
}
