import type { ReserveOutcome } from '../../ports/store.js';

/** The counters a property run uses, with their limits (null = unlimited). */
export interface CounterSpec {
  key: string;
  limit: number | null;
}

export type CallState = 'live' | 'settled' | 'released' | 'expired' | 'late-settled';

export interface ModelCall {
  id: string;
  amounts: number[];
  leaseExpiresMs: number;
  state: CallState;
  /** Set when the process "crashed": it will not settle on time. */
  abandoned: boolean;
}

/**
 * The reference model of reserve/settle/release with leases: plain arithmetic over the counter
 * values, against which the store is compared after every step.
 */
export class QuotaModel {
  readonly counters: number[];
  readonly settled: number[];
  readonly calls: ModelCall[] = [];
  settledCalls = 0;

  constructor(readonly specs: readonly CounterSpec[]) {
    this.counters = specs.map(() => 0);
    this.settled = specs.map(() => 0);
  }

  /** What reserve must answer from the current values; the first breaching counter is reported. */
  expectReserve(amounts: readonly number[]): ReserveOutcome {
    for (const [i, spec] of this.specs.entries()) {
      const current = this.counters[i] ?? 0;
      const amount = amounts[i] ?? 0;
      if (spec.limit !== null && current + amount > spec.limit) {
        return { ok: false, breach: { key: spec.key, limit: spec.limit, current, amount } };
      }
    }
    return { ok: true };
  }

  admit(call: Omit<ModelCall, 'state' | 'abandoned'>): void {
    this.calls.push({ ...call, state: 'live', abandoned: false });
    this.add(call.amounts, 1);
  }

  /** Settles a call; returns what settle must answer (true while its reservation was still held). */
  settle(call: ModelCall, actual: readonly number[]): boolean {
    const held = call.state === 'live';
    if (held) this.add(call.amounts, -1);
    this.add(actual, 1);
    actual.forEach((a, i) => { this.settled[i] = (this.settled[i] ?? 0) + a; });
    this.settledCalls += 1;
    call.state = held ? 'settled' : 'late-settled';
    return held;
  }

  release(call: ModelCall): boolean {
    if (call.state !== 'live') return false;
    this.add(call.amounts, -1);
    call.state = 'released';
    return true;
  }

  /** Releases every live call whose lease ended before `nowMs`; returns how many. */
  expire(nowMs: number): number {
    let count = 0;
    for (const call of this.calls) {
      if (call.state === 'live' && call.leaseExpiresMs < nowMs) {
        this.add(call.amounts, -1);
        call.state = 'expired';
        count += 1;
      }
    }
    return count;
  }

  latestLease(): number {
    return this.calls.reduce((max, c) => Math.max(max, c.leaseExpiresMs), 0);
  }

  private add(amounts: readonly number[], sign: 1 | -1): void {
    amounts.forEach((a, i) => { this.counters[i] = (this.counters[i] ?? 0) + sign * a; });
  }
}
