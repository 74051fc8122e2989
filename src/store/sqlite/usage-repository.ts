import { InvalidInputError } from '../../domain/errors.js';
import type { RollupField, RollupRow, UsageRecord, UsageRepository } from '../../ports/store.js';
import type { SqliteConnection } from './sqlite-connection.js';
import { assertDay, toMs } from './time.js';

type Fields = Partial<Record<RollupField, number>>;

function addFields(into: Fields, add: Fields): Fields {
  const sum: Record<string, number> = {};
  for (const [name, value] of Object.entries(into)) if (value !== undefined) sum[name] = value;
  for (const [name, value] of Object.entries(add)) {
    if (value === undefined) continue;
    if (!Number.isFinite(value)) throw new InvalidInputError(`Roll-up field ${name} must be a finite number, got ${value}.`, [name]);
    sum[name] = (sum[name] ?? 0) + value;
  }
  return sum as Fields;
}

/**
 * Writes one ledger row and adds its roll-ups, inside the caller's transaction. Returns false, and
 * writes nothing, when a ledger row with this id exists: a retried write counts the call once.
 */
export function recordUsage(conn: SqliteConnection, usage: UsageRecord): boolean {
  const l = usage.ledger;
  const inserted = conn.statement(`INSERT INTO usage_ledger (id, org_id, user_id, operation, model, aggregate_id,
      input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, tokens, cost_micro_usd, latency_ms,
      status, cached, occurred_at, occurred_at_ms)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`).run(
    l.id, l.orgId, l.userId, l.operation, l.model, l.aggregateId,
    l.tokens.input, l.tokens.output, l.tokens.cacheCreation, l.tokens.cacheRead, JSON.stringify(l.tokens),
    l.costMicroUsd, l.latencyMs, l.status, l.cached ? 1 : 0, l.occurredAt, toMs(l.occurredAt, 'ledger.occurredAt'),
  );
  if (inserted.changes === 0) return false;
  const read = conn.statement('SELECT fields FROM usage_rollups WHERE scope = ? AND day = ? AND operation = ? AND model = ?');
  const write = conn.statement(`INSERT INTO usage_rollups (scope, day, operation, model, fields) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (scope, day, operation, model) DO UPDATE SET fields = excluded.fields`);
  for (const r of usage.rollups) {
    assertDay(r.day, 'rollup.day');
    const row = read.get(r.scope, r.day, r.operation, r.model) as { fields: string } | undefined;
    const current = row ? (JSON.parse(row.fields) as Fields) : {};
    write.run(r.scope, r.day, r.operation, r.model, JSON.stringify(addFields(current, r.fields)));
  }
  return true;
}

/** The usage ledger (write-only here) and the daily roll-ups metrics are read from. */
export class SqliteUsageRepository implements UsageRepository {
  constructor(private readonly conn: SqliteConnection) {}

  async record(usage: UsageRecord): Promise<void> {
    await this.conn.write(() => recordUsage(this.conn, usage));
  }

  async readRollups(scopes: string[], fromDay: string, toDay: string): Promise<RollupRow[]> {
    assertDay(fromDay, 'fromDay');
    assertDay(toDay, 'toDay');
    return this.conn.read(() => {
      const select = this.conn.statement(`SELECT scope, day, operation, model, fields FROM usage_rollups
        WHERE scope = ? AND day >= ? AND day <= ? ORDER BY day, operation, model`);
      return [...new Set(scopes)].flatMap((scope) => (select.all(scope, fromDay, toDay) as (Omit<RollupRow, 'fields'> & { fields: string })[])
        .map((row) => ({ ...row, fields: JSON.parse(row.fields) as Fields })));
    });
  }
}
