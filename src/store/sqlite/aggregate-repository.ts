import { InvalidInputError } from '../../domain/errors.js';
import type { DomainEvent } from '../../domain/events.js';
import type { AggregateRecordBase, AggregateRepository, Page } from '../../ports/store.js';
import { ConcurrentModificationError } from '../../ports/store.js';
import { appendToOutbox } from './outbox-repository.js';
import type { SqliteConnection } from './sqlite-connection.js';
import { toMs } from './time.js';

interface AggregateRow {
  id: string;
  created_at_ms: number;
  version: number;
  record: string;
}

interface Cursor {
  c: number;
  i: string;
}

function encodeCursor(row: AggregateRow): string {
  return Buffer.from(JSON.stringify({ c: row.created_at_ms, i: row.id } satisfies Cursor)).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof parsed.c === 'number' && typeof parsed.i === 'string') return { c: parsed.c, i: parsed.i };
  } catch {
    // falls through to the error below: the cursor was not one we issued
  }
  throw new InvalidInputError('The page cursor is not valid; pass the nextCursor of a previous page unchanged.', ['cursor']);
}

/**
 * Analyses and generations: one table each (`table` is a constant chosen by the store, never input).
 * The JSON record is the truth; the indexed columns exist to find and order it.
 */
export class SqliteAggregateRepository<R extends AggregateRecordBase> implements AggregateRepository<R> {
  constructor(private readonly conn: SqliteConnection, private readonly table: 'analyses' | 'generations') {}

  async save(record: R, events: DomainEvent[]): Promise<R> {
    const createdAtMs = toMs(record.createdAt, 'createdAt');
    const saved = { ...record, version: record.version + 1 };
    const json = JSON.stringify(saved);
    await this.conn.write(() => {
      if (record.version === 0) {
        const inserted = this.conn.statement(`INSERT INTO ${this.table} (id, org_id, project_id, created_at_ms, version, record)
          VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (id) DO NOTHING`).run(record.id, record.orgId, record.projectId, createdAtMs, json);
        if (inserted.changes === 0) throw new ConcurrentModificationError(`${this.table} ${record.id} already exists; load it and save its current version.`);
      } else {
        const updated = this.conn.statement(`UPDATE ${this.table} SET version = version + 1, record = ?, project_id = ?, created_at_ms = ?
          WHERE id = ? AND org_id = ? AND version = ?`).run(json, record.projectId, createdAtMs, record.id, record.orgId, record.version);
        if (updated.changes === 0) {
          throw new ConcurrentModificationError(`${this.table} ${record.id} was changed by someone else (or does not exist) since version ${record.version}; reload it and retry.`);
        }
      }
      appendToOutbox(this.conn, events);
    });
    return saved;
  }

  async get(orgId: string, id: string): Promise<R | null> {
    const row = this.conn.query(() => this.conn.statement(`SELECT record FROM ${this.table} WHERE id = ? AND org_id = ?`)
      .get(id, orgId)) as { record: string } | undefined;
    return row ? (JSON.parse(row.record) as R) : null;
  }

  async listByProject(orgId: string, projectId: string, page: { limit: number; cursor?: string | null }): Promise<Page<R>> {
    if (!Number.isInteger(page.limit) || page.limit < 1) {
      throw new InvalidInputError(`The page limit must be a positive integer, got ${page.limit}.`, ['limit']);
    }
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    const rows = this.conn.query(() => (after
      ? this.conn.statement(`SELECT id, created_at_ms, version, record FROM ${this.table}
          WHERE org_id = ? AND project_id = ? AND (created_at_ms < ? OR (created_at_ms = ? AND id < ?))
          ORDER BY created_at_ms DESC, id DESC LIMIT ?`).all(orgId, projectId, after.c, after.c, after.i, page.limit + 1)
      : this.conn.statement(`SELECT id, created_at_ms, version, record FROM ${this.table}
          WHERE org_id = ? AND project_id = ? ORDER BY created_at_ms DESC, id DESC LIMIT ?`).all(orgId, projectId, page.limit + 1)
    )) as AggregateRow[];
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map((row) => JSON.parse(row.record) as R),
      nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null,
    };
  }
}
