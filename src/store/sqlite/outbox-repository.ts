import type { DomainEvent } from '../../domain/events.js';
import type { OutboxEntry, OutboxRepository } from '../../ports/store.js';
import type { SqliteConnection } from './sqlite-connection.js';
import { toIso, toMs } from './time.js';

interface OutboxRow {
  event: string;
  attempts: number;
  next_attempt_at_ms: number;
}

const INSERT = `INSERT INTO outbox (event_id, occurred_at_ms, event, attempts, next_attempt_at_ms, lease_until_ms)
  VALUES (?, ?, ?, 0, ?, 0)`;

/** Appends events inside the caller's transaction (aggregate saves use it). A new event is due at once. */
export function appendToOutbox(conn: SqliteConnection, events: readonly DomainEvent[]): void {
  const insert = conn.statement(INSERT);
  for (const event of events) {
    const occurred = toMs(event.occurredAt, 'event.occurredAt');
    insert.run(event.id, occurred, JSON.stringify(event), occurred);
  }
}

export class SqliteOutboxRepository implements OutboxRepository {
  constructor(private readonly conn: SqliteConnection) {}

  async append(events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.conn.write(() => appendToOutbox(this.conn, events));
  }

  async claim(limit: number, now: string, leaseMs: number): Promise<OutboxEntry[]> {
    const nowMs = toMs(now, 'now');
    return this.conn.write(() => {
      const rows = this.conn.statement(`SELECT event_id, event, attempts, next_attempt_at_ms FROM outbox
        WHERE next_attempt_at_ms <= ? AND lease_until_ms <= ?
        ORDER BY occurred_at_ms, event_id LIMIT ?`).all(nowMs, nowMs, limit) as (OutboxRow & { event_id: string })[];
      const lease = this.conn.statement('UPDATE outbox SET lease_until_ms = ? WHERE event_id = ?');
      for (const row of rows) lease.run(nowMs + leaseMs, row.event_id);
      return rows.map((row) => ({
        event: JSON.parse(row.event) as DomainEvent,
        attempts: row.attempts,
        nextAttemptAt: toIso(row.next_attempt_at_ms),
      }));
    });
  }

  async markDelivered(eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await this.conn.write(() => {
      const remove = this.conn.statement('DELETE FROM outbox WHERE event_id = ?');
      for (const id of eventIds) remove.run(id);
    });
  }

  async markFailed(eventId: string, nextAttemptAt: string): Promise<void> {
    const nextMs = toMs(nextAttemptAt, 'nextAttemptAt');
    await this.conn.write(() => {
      this.conn.statement('UPDATE outbox SET attempts = attempts + 1, next_attempt_at_ms = ?, lease_until_ms = 0 WHERE event_id = ?')
        .run(nextMs, eventId);
    });
  }
}
