import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CounterIncrement, Store } from '../../ports/store.js';
import { T0, uid, usageRecord } from './fixtures.js';
import type { OpenStore } from './opened-store.js';
import { QuotaModel, type CounterSpec, type ModelCall } from './quota-model.js';

export interface QuotaPropertyOptions {
  /** fast-check runs per property (default 100); each run opens a fresh store. */
  numRuns?: number;
  /** Most steps in one run (default 40). */
  maxSteps?: number;
  /** Test timeout in ms (default 120 000). */
  timeoutMs?: number;
}

type Amounts = [number, number, number];
type Step =
  | { kind: 'reserve'; amounts: Amounts; leaseMs: number }
  | { kind: 'burst'; calls: { amounts: Amounts; leaseMs: number }[] }
  | { kind: 'settle'; pick: number; percents: Amounts }
  | { kind: 'release'; pick: number }
  | { kind: 'crash'; pick: number }
  | { kind: 'tick'; advanceMs: number }
  | { kind: 'lateSettle'; pick: number; percents: Amounts };

const amountsArb: fc.Arbitrary<Amounts> = fc.tuple(fc.constant(1), fc.nat(400), fc.nat(1000));
const percentsArb: fc.Arbitrary<Amounts> = fc.tuple(fc.constantFrom(0, 100), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }));
const leaseArb = fc.integer({ min: 1, max: 5000 });
const pickArb = fc.nat(1000);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('reserve' as const), amounts: amountsArb, leaseMs: leaseArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('burst' as const), calls: fc.array(fc.record({ amounts: amountsArb, leaseMs: leaseArb }), { minLength: 2, maxLength: 8 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('settle' as const), pick: pickArb, percents: percentsArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: pickArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('crash' as const), pick: pickArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), advanceMs: fc.integer({ min: 0, max: 6000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lateSettle' as const), pick: pickArb, percents: percentsArb }) },
);

const limitsArb = fc.tuple(
  fc.integer({ min: 1, max: 8 }),
  fc.option(fc.integer({ min: 200, max: 2000 }), { nil: null }),
  fc.option(fc.integer({ min: 500, max: 5000 }), { nil: null }),
);

function pick<T>(items: T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

/** One run: a fresh store, a model, a virtual clock; every step is checked against the model. */
class QuotaRun {
  readonly model: QuotaModel;
  private nowMs = T0;
  private readonly runId = uid('run');
  private readonly day = new Date(T0).toISOString().slice(0, 10);

  constructor(private readonly store: Store, limits: (number | null)[]) {
    const specs: CounterSpec[] = limits.map((limit, i) => ({ key: `${this.runId}:k${i}`, limit }));
    this.model = new QuotaModel(specs);
  }

  private get now(): string {
    return new Date(this.nowMs).toISOString();
  }

  private increments(amounts: Amounts): CounterIncrement[] {
    const expiresAt = new Date(T0 + 30 * 86_400_000).toISOString();
    return this.model.specs.map((spec, i) => ({ key: spec.key, amount: amounts[i] ?? 0, limit: spec.limit, expiresAt }));
  }

  async reserve(amounts: Amounts, leaseMs: number): Promise<void> {
    const expected = this.model.expectReserve(amounts);
    const id = uid('res');
    const outcome = await this.store.quota.reserve({ reservationId: id, increments: this.increments(amounts), leaseExpiresAt: new Date(this.nowMs + leaseMs).toISOString(), now: this.now });
    expect(outcome).toEqual(expected);
    if (outcome.ok) {
      this.model.admit({ id, amounts, leaseExpiresMs: this.nowMs + leaseMs });
      await this.expectWithinLimits();
    }
  }

  async burst(calls: { amounts: Amounts; leaseMs: number }[]): Promise<void> {
    const ids = calls.map(() => uid('res'));
    const outcomes = await Promise.all(calls.map((c, i) => this.store.quota.reserve({
      reservationId: ids[i] ?? '', increments: this.increments(c.amounts), leaseExpiresAt: new Date(this.nowMs + c.leaseMs).toISOString(), now: this.now,
    })));
    outcomes.forEach((outcome, i) => {
      const call = calls[i];
      if (outcome.ok && call) this.model.admit({ id: ids[i] ?? '', amounts: call.amounts, leaseExpiresMs: this.nowMs + call.leaseMs });
      if (!outcome.ok) expect(outcome.breach.current + outcome.breach.amount).toBeGreaterThan(outcome.breach.limit);
    });
    await this.expectWithinLimits();
  }

  async settle(call: ModelCall | undefined, percents: Amounts): Promise<void> {
    if (!call) return;
    const actual = call.amounts.map((a, i) => Math.floor((a * (percents[i] ?? 0)) / 100));
    const expected = this.model.settle(call, actual);
    const usage = usageRecord({ scopes: [`org:${this.runId}`], day: this.day, fields: { requests: 1, costMicroUsd: actual[2] ?? 0 } });
    const settled = await this.store.quota.settle({
      reservationId: call.id,
      actual: this.model.specs.map((spec, i) => ({ key: spec.key, amount: actual[i] ?? 0, expiresAt: new Date(T0 + 30 * 86_400_000).toISOString() })),
      usage,
      now: this.now,
    });
    expect(settled).toBe(expected);
  }

  async release(call: ModelCall | undefined): Promise<void> {
    if (!call) return;
    const expected = this.model.release(call);
    expect(await this.store.quota.release(call.id, this.now)).toBe(expected);
  }

  /** A process died holding `call`: it never settles on time; time passes beyond its lease. */
  async crash(call: ModelCall | undefined): Promise<void> {
    if (!call) return;
    call.abandoned = true;
    await this.tick(Math.max(0, call.leaseExpiresMs - this.nowMs) + 1);
  }

  async tick(advanceMs: number): Promise<void> {
    this.nowMs += advanceMs;
    const expected = this.model.expire(this.nowMs);
    expect(await this.store.quota.releaseExpired(this.now)).toBe(expected);
  }

  async expectCountersMatchModel(): Promise<void> {
    const values = await this.store.quota.readCounters(this.model.specs.map((s) => s.key));
    expect(this.model.specs.map((s) => values.get(s.key))).toEqual(this.model.counters);
  }

  /** Admitted use never exceeds a limit: checked on the store's own values. */
  private async expectWithinLimits(): Promise<void> {
    const values = await this.store.quota.readCounters(this.model.specs.map((s) => s.key));
    for (const spec of this.model.specs) if (spec.limit !== null) expect(values.get(spec.key) ?? 0).toBeLessThanOrEqual(spec.limit);
  }

  /** After every lease has expired, the counters hold exactly what was settled, and so do the roll-ups. */
  async expectSettledAfterExpiry(): Promise<void> {
    await this.tick(Math.max(0, this.model.latestLease() - this.nowMs) + 1);
    const values = await this.store.quota.readCounters(this.model.specs.map((s) => s.key));
    expect(this.model.specs.map((s) => values.get(s.key))).toEqual(this.model.settled);
    const rows = await this.store.usage.readRollups([`org:${this.runId}`], this.day, this.day);
    const requests = rows.reduce((s, r) => s + (r.fields.requests ?? 0), 0);
    const cost = rows.reduce((s, r) => s + (r.fields.costMicroUsd ?? 0), 0);
    expect([requests, cost]).toEqual([this.model.settledCalls, this.model.settled[2]]);
  }

  async run(step: Step): Promise<void> {
    const live = this.model.calls.filter((c) => c.state === 'live' && !c.abandoned);
    switch (step.kind) {
      case 'reserve': return this.reserve(step.amounts, step.leaseMs);
      case 'burst': return this.burst(step.calls);
      case 'settle': return this.settle(pick(live, step.pick), step.percents);
      case 'release': return this.release(pick(this.model.calls, step.pick));
      case 'crash': return this.crash(pick(live, step.pick));
      case 'tick': return this.tick(step.advanceMs);
      case 'lateSettle': return this.settle(pick(this.model.calls.filter((c) => c.abandoned && c.state === 'expired'), step.pick), step.percents);
    }
  }
}

/**
 * Property tests of the quota port over random interleavings of reserve, concurrent bursts, settle,
 * release, crashes (a reservation never settled, time passing beyond its lease, releaseExpired) and
 * late settles: admitted use never exceeds a limit, the store agrees with the model after every
 * step, and once every lease has expired the counters equal the settled amounts.
 */
export function describeQuotaProperties(name: string, open: OpenStore, options: QuotaPropertyOptions = {}): void {
  const numRuns = options.numRuns ?? 100;
  const maxSteps = options.maxSteps ?? 40;
  describe(`quota properties: ${name}`, () => {
    it('never admits past a limit and ends with counters equal to settled use', async () => {
      await fc.assert(fc.asyncProperty(limitsArb, fc.array(stepArb, { maxLength: maxSteps }), async (limits, steps) => {
        const opened = await open();
        try {
          const run = new QuotaRun(opened.store, limits);
          for (const step of steps) {
            await run.run(step);
            await run.expectCountersMatchModel();
          }
          await run.expectSettledAfterExpiry();
        } finally {
          await opened.cleanup();
        }
      }), { numRuns });
    }, options.timeoutMs ?? 120_000);
  });
}
