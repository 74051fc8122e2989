import { InvalidInputError } from '../../domain/errors.js';
import type { QuotaRepository, ReserveOutcome, ReserveRequest, SettleRequest } from '../../ports/store.js';
import type { SqliteConnection } from './sqlite-connection.js';
import { toMs } from './time.js';
import { recordUsage } from './usage-repository.js';

interface Held {
  key: string;
  amount: number;
}

function assertAmount(key: string, amount: number): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new InvalidInputError(`Counter ${key}: amounts must be non-negative integers, got ${amount}.`, ['amount']);
  }
}

type BreachDetail = Extract<ReserveOutcome, { ok: false }>['breach'];

/** Thrown inside a reservation's write to roll its increments back. */
class Breach extends Error {
  constructor(readonly breach: BreachDetail) {
    super(`limit reached on ${breach.key}`);
  }
}

/**
 * Counters, reservations with leases, and settlement. Each method is one IMMEDIATE transaction, so
 * the check and the increments of a reservation happen under the write lock even across processes.
 */
export class SqliteQuotaRepository implements QuotaRepository {
  constructor(private readonly conn: SqliteConnection) {}

  async reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const leaseMs = toMs(request.leaseExpiresAt, 'leaseExpiresAt');
    const nowMs = toMs(request.now, 'now');
    const expiries = request.increments.map((inc) => {
      assertAmount(inc.key, inc.amount);
      return toMs(inc.expiresAt, 'expiresAt');
    });
    const held: Held[] = request.increments.map(({ key, amount }) => ({ key, amount }));
    try {
      return await this.conn.write((): ReserveOutcome => {
        const inserted = this.conn.statement('INSERT INTO quota_reservations (id, lease_expires_at_ms, increments, created_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
          .run(request.reservationId, leaseMs, JSON.stringify(held), nowMs);
        if (inserted.changes === 0) {
          throw new InvalidInputError(`Reservation ${request.reservationId} already exists; every reservation needs a fresh id.`, ['reservationId']);
        }
        // Add first, check the new value: one statement per counter; a breach rolls the write back.
        const add = this.conn.statement(`INSERT INTO quota_counters (key, value, expires_at_ms) VALUES (?, ?, ?)
          ON CONFLICT (key) DO UPDATE SET value = value + excluded.value, expires_at_ms = MAX(expires_at_ms, excluded.expires_at_ms)
          RETURNING value`).pluck();
        request.increments.forEach((inc, i) => {
          const value = add.get(inc.key, inc.amount, expiries[i]) as number;
          if (inc.limit !== null && value > inc.limit) throw new Breach({ key: inc.key, limit: inc.limit, current: value - inc.amount, amount: inc.amount });
        });
        return { ok: true };
      });
    } catch (error) {
      if (error instanceof Breach) return { ok: false, breach: error.breach };
      throw error;
    }
  }

  async settle(request: SettleRequest): Promise<boolean> {
    const actual = request.actual.map((a) => {
      assertAmount(a.key, a.amount);
      return { ...a, expiresAtMs: toMs(a.expiresAt, 'expiresAt') };
    });
    return this.conn.write((): boolean => {
      // A settle retried after it committed must not count the call twice; the ledger id tells.
      if (!recordUsage(this.conn, request.usage)) return false;
      const held = this.takeReservation(request.reservationId);
      const actualByKey = new Map<string, number>();
      for (const a of actual) actualByKey.set(a.key, (actualByKey.get(a.key) ?? 0) + a.amount);
      const adjust = this.conn.statement('UPDATE quota_counters SET value = value + ? WHERE key = ?');
      for (const h of held ?? []) {
        const spent = actualByKey.get(h.key) ?? 0;
        actualByKey.delete(h.key);
        // Reserved exactly what was used (a request count): nothing to change. A counter purged
        // meanwhile (its window long over) is never read again, so it needs no update either.
        if (spent === h.amount) continue;
        if (adjust.run(spent - h.amount, h.key).changes === 0) actualByKey.set(h.key, spent);
      }
      const add = this.conn.statement(`INSERT INTO quota_counters (key, value, expires_at_ms) VALUES (?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET value = value + excluded.value, expires_at_ms = MAX(expires_at_ms, excluded.expires_at_ms)`);
      for (const a of actual) {
        const amount = actualByKey.get(a.key);
        if (amount === undefined) continue;
        actualByKey.delete(a.key);
        if (amount > 0) add.run(a.key, amount, a.expiresAtMs);
      }
      return held !== null;
    });
  }

  async release(reservationId: string, now: string): Promise<boolean> {
    toMs(now, 'now');
    return this.conn.write(() => this.releaseOne(reservationId));
  }

  async extendLease(reservationId: string, leaseExpiresAt: string): Promise<boolean> {
    const leaseMs = toMs(leaseExpiresAt, 'leaseExpiresAt');
    return this.conn.write(() => this.conn.statement('UPDATE quota_reservations SET lease_expires_at_ms = ? WHERE id = ?').run(leaseMs, reservationId).changes > 0);
  }

  async releaseExpired(now: string): Promise<number> {
    const nowMs = toMs(now, 'now');
    return this.conn.write(() => {
      const expired = this.conn.statement('SELECT id FROM quota_reservations WHERE lease_expires_at_ms < ?').pluck().all(nowMs) as string[];
      for (const id of expired) this.releaseOne(id);
      // Counters whose window has passed are never read again (their keys name the window).
      this.conn.statement(`DELETE FROM quota_counters WHERE key IN (
        SELECT key FROM quota_counters WHERE expires_at_ms < ? LIMIT 500)`).run(nowMs);
      return expired.length;
    });
  }

  async readCounters(keys: string[]): Promise<Map<string, number>> {
    return this.conn.read(() => {
      const select = this.conn.statement('SELECT value FROM quota_counters WHERE key = ?').pluck();
      return new Map(keys.map((key) => [key, (select.get(key) as number | undefined) ?? 0]));
    });
  }

  /** Deletes the reservation and returns what it held, or null when it is gone. */
  private takeReservation(id: string): Held[] | null {
    const increments = this.conn.statement('SELECT increments FROM quota_reservations WHERE id = ?').pluck().get(id) as string | undefined;
    if (increments === undefined) return null;
    this.conn.statement('DELETE FROM quota_reservations WHERE id = ?').run(id);
    return JSON.parse(increments) as Held[];
  }

  private releaseOne(id: string): boolean {
    const held = this.takeReservation(id);
    if (held === null) return false;
    const subtract = this.conn.statement('UPDATE quota_counters SET value = value - ? WHERE key = ?');
    for (const h of held) subtract.run(h.amount, h.key);
    return true;
  }
}
