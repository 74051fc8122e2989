import type { LedgerEntry, RollupField, RollupIncrement, UsageRecord } from '../../ports/store.js';
import type { TransactItem } from './transact-write.js';
import { isoKey } from './item-codec.js';
import { itemKeys } from './table-keys.js';

/** Roll-up metric fields are stored as top-level numbers named `f_<field>`, so `ADD` can sum them. */
export const ROLLUP_FIELD_PREFIX = 'f_';

/** The ledger row; conditional on its id being new, so a retried record or settle counts once. */
export function ledgerPut(tableName: string, entry: LedgerEntry): TransactItem {
  const day = isoKey(entry.occurredAt).slice(0, 10);
  return {
    Put: {
      TableName: tableName,
      Item: { ...itemKeys.ledger(entry.orgId, day, isoKey(entry.occurredAt), entry.id), type: 'LEDGER', data: JSON.stringify(entry) },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export function rollupUpdate(tableName: string, rollup: RollupIncrement): TransactItem {
  const names: Record<string, string> = { '#scope': 'scope', '#day': 'day', '#operation': 'operation', '#model': 'model' };
  const values: Record<string, unknown> = { ':scope': rollup.scope, ':day': rollup.day, ':operation': rollup.operation, ':model': rollup.model };
  const adds: string[] = [];
  Object.entries(rollup.fields).forEach(([field, amount], i) => {
    if (amount === undefined) return;
    names[`#f${i}`] = `${ROLLUP_FIELD_PREFIX}${field}`;
    values[`:f${i}`] = amount;
    adds.push(`#f${i} :f${i}`);
  });
  const set = 'SET #scope = :scope, #day = :day, #operation = :operation, #model = :model';
  return {
    Update: {
      TableName: tableName,
      Key: itemKeys.rollup(rollup.scope, rollup.day, rollup.operation, rollup.model),
      UpdateExpression: adds.length > 0 ? `${set} ADD ${adds.join(', ')}` : set,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** Sums roll-ups of the same row: a transaction may touch each item only once. */
function mergeRollups(rollups: RollupIncrement[]): RollupIncrement[] {
  const merged = new Map<string, RollupIncrement>();
  for (const r of rollups) {
    const id = JSON.stringify([r.scope, r.day, r.operation, r.model]);
    const existing = merged.get(id);
    if (!existing) {
      merged.set(id, { ...r, fields: { ...r.fields } });
      continue;
    }
    for (const [field, amount] of Object.entries(r.fields) as [RollupField, number | undefined][]) {
      existing.fields[field] = (existing.fields[field] ?? 0) + (amount ?? 0);
    }
  }
  return [...merged.values()];
}

/** The writes of one usage record: its ledger row first (index 0), then its roll-ups. */
export function usageWrites(tableName: string, usage: UsageRecord): TransactItem[] {
  return [ledgerPut(tableName, usage.ledger), ...mergeRollups(usage.rollups).map((r) => rollupUpdate(tableName, r))];
}
