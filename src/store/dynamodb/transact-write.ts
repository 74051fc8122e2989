import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError } from '../../domain/errors.js';
import { errorName } from './dynamo-errors.js';
import { dynamoCall, type DynamoTable } from './dynamo-table.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB's cap on the items of one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;
const MAX_ATTEMPTS = 10;
const RETRYABLE_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

interface CancellationReason {
  Code?: string;
  Item?: Record<string, unknown>;
}

export type TransactOutcome =
  | { ok: true }
  /** Indexes of the items whose condition failed, with the item as it was (when asked for). */
  | { ok: false; failed: { index: number; item: Record<string, unknown> | undefined }[] };

function backoff(attempt: number): Promise<void> {
  const cap = Math.min(1000, 20 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * cap));
}

/**
 * One `TransactWriteItems`: all items or none. Failed conditions are returned (they are answers, not
 * errors); conflicts with concurrent transactions on the same items are retried with jittered
 * backoff, since under contention (many callers on one counter) they are expected.
 */
export async function transactWrite(table: DynamoTable, action: string, items: TransactItem[]): Promise<TransactOutcome> {
  if (items.length === 0) return { ok: true };
  if (items.length > MAX_TRANSACTION_ITEMS) {
    throw new StoreUnavailableError(`${action} needs ${items.length} writes in one DynamoDB transaction, more than the ${MAX_TRANSACTION_ITEMS} allowed; reduce the number of limits or events involved.`);
  }
  let lastCodes = '';
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    try {
      await dynamoCall(table, action, () => table.doc.send(new TransactWriteCommand({ TransactItems: items })), [
        'TransactionCanceledException', 'TransactionInProgressException',
      ]);
      return { ok: true };
    } catch (error) {
      if (errorName(error) === 'TransactionInProgressException') {
        await backoff(attempt);
        continue;
      }
      const reasons = ((error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? []);
      const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [{ index, item: reason.Item }] : []));
      if (failed.length > 0) return { ok: false, failed };
      lastCodes = reasons.map((r) => r.Code ?? 'None').join(', ');
      if (!reasons.some((r) => RETRYABLE_REASONS.has(r.Code ?? ''))) {
        throw new StoreUnavailableError(`DynamoDB cancelled the transaction while ${action} on table "${table.tableName}" (${lastCodes || 'no reason given'}).`);
      }
      await backoff(attempt);
    }
  }
  throw new StoreUnavailableError(`DynamoDB transactions kept conflicting while ${action} on table "${table.tableName}" (${MAX_ATTEMPTS} attempts; last reasons: ${lastCodes}); the request was refused rather than allowed. Retry shortly.`);
}

/** Reads a number attribute from an item that may be in document or raw AttributeValue form. */
export function numberAttribute(item: Record<string, unknown> | undefined, name: string): number | undefined {
  const value = item?.[name];
  if (typeof value === 'number') return value;
  const raw = (value as { N?: unknown } | undefined)?.N;
  return typeof raw === 'string' ? Number(raw) : undefined;
}
