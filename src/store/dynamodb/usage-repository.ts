import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RollupField, RollupRow, UsageRecord, UsageRepository } from '../../ports/store.js';
import { requireString } from './item-codec.js';
import { SORT_KEY_HIGH, itemKeys } from './table-keys.js';
import { dynamoCall, type DynamoTable } from './dynamo-table.js';
import { transactWrite } from './transact-write.js';
import { ROLLUP_FIELD_PREFIX, usageWrites } from './usage-items.js';

/**
 * Usage: the ledger row and its daily roll-ups in one transaction; roll-ups live in one partition per
 * scope sorted by day, so N days of metrics are one query per scope.
 */
export function createUsageRepository(table: DynamoTable): UsageRepository {
  async function record(usage: UsageRecord): Promise<void> {
    // A failed condition can only be the ledger row: this exact record was already written.
    await transactWrite(table, 'recording usage', usageWrites(table.tableName, usage));
  }

  async function readScope(scope: string, fromDay: string, toDay: string): Promise<RollupRow[]> {
    const rows: RollupRow[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamoCall(table, `reading usage roll-ups of ${scope}`, () => table.doc.send(new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': itemKeys.rollupScope(scope), ':from': fromDay, ':to': `${toDay}${SORT_KEY_HIGH}` },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      })));
      for (const item of page.Items ?? []) rows.push(toRow(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return rows;
  }

  async function readRollups(scopes: string[], fromDay: string, toDay: string): Promise<RollupRow[]> {
    const perScope = await Promise.all([...new Set(scopes)].map((scope) => readScope(scope, fromDay, toDay)));
    return perScope.flat();
  }

  return { record, readRollups };
}

function toRow(item: Record<string, unknown>): RollupRow {
  const fields: Partial<Record<RollupField, number>> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(ROLLUP_FIELD_PREFIX) && typeof value === 'number') {
      fields[name.slice(ROLLUP_FIELD_PREFIX.length) as RollupField] = value;
    }
  }
  return {
    scope: requireString(item, 'scope'),
    day: requireString(item, 'day'),
    operation: requireString(item, 'operation'),
    model: requireString(item, 'model'),
    fields,
  };
}
