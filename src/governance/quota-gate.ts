import { planFor, type AppConfig } from '../config/app-config.js';
import type { Identity } from '../domain/identity.js';
import type { Operation } from '../domain/operations.js';
import { totalTokens, type TokenUsage } from '../domain/token-usage.js';
import type { Clock } from '../ports/clock.js';
import type { Ids } from '../ports/ids.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RollupField, Store, UsageRecord } from '../ports/store.js';
import { orgScope, userScope } from './usage-record.js';
import { lastDays, utcDay } from './windows.js';
import type { Prices } from './prices.js';
import { quotaCounters, withAmounts, type QuotaAmounts, type QuotaCounter } from './quota-counters.js';
import { refusalFor } from './refusal.js';

/** Below this many output tokens a budget-shortened call is not worth making: refuse instead. */
const MIN_MAX_TOKENS = 1024;

export interface Admission {
  reservationId: string;
  /** max_tokens to send: the configured value, or less when the remaining budget only covers less. */
  maxTokens: number;
  /** Replaces the reservation with what the call actually used. */
  settle(actual: { usage: TokenUsage; costMicroUsd: number; countsAsRequest: boolean; record: UsageRecord }): Promise<void>;
  /** Gives the reservation back (nothing was billed). */
  release(): Promise<void>;
}

export interface QuotaGateDeps {
  store: Store;
  config: AppConfig;
  prices: Prices;
  clock: Clock;
  ids: Ids;
  /**
   * How long a reservation lives unless renewed. Its holder renews it every sixth of this while the
   * call runs, so a crashed holder's reservation is freed about this long after the crash. It must
   * outlast any stall of a live holder (an overloaded machine): an expired lease is released, and
   * its room handed to others, while the call it covers still runs.
   */
  leaseMs: number;
  /** Renewals stop after this long (a holder that never settles cannot keep a reservation forever). */
  maxHoldMs: number;
  /**
   * How long a request may wait for running requests to settle when their reservations, not settled
   * use, fill a budget, token or concurrency limit. Default 10 s; 0 refuses at once.
   */
  maxWaitMs?: number;
}

/**
 * Reserve → settle/release around one model call, atomically in the store. Fails closed: store
 * errors propagate as StoreUnavailableError and nothing is admitted.
 */
export class QuotaGate {
  private lastSweep = 0;
  private readonly maxWaitMs: number;

  constructor(private readonly deps: QuotaGateDeps) {
    this.maxWaitMs = deps.maxWaitMs ?? 10_000;
  }

  async admit(args: { identity: Identity; operation: Operation; model: string; inputTokens: number; maxTokens: number; countsAsRequest: boolean }): Promise<Admission> {
    const { store, config, prices, clock, ids } = this.deps;
    const now = clock.now();
    await this.sweepExpiredLeases(now);
    const plan = planFor(config, args.identity.orgId);
    const limits = { user: plan.perUser, organization: plan.perOrganization };
    const reservationId = ids.newId();
    let maxTokens = args.maxTokens;
    let sweptAfterRefusal = false;
    let reserved: QuotaCounter[];
    for (let attempt = 0; ; attempt += 1) {
      const amounts: QuotaAmounts = {
        requests: args.countsAsRequest ? 1 : 0,
        tokens: args.inputTokens + maxTokens,
        microUsd: prices.worstCaseMicroUsd(args.model, args.inputTokens, maxTokens),
        concurrent: 1,
      };
      const counters = quotaCounters({ identity: args.identity, operation: args.operation, limits, amounts, now });
      // From this attempt, not from the start of admit: waiting for running requests must not eat the lease.
      const leaseExpiresAt = new Date(clock.now().getTime() + this.deps.leaseMs).toISOString();
      const outcome = await store.quota.reserve({ reservationId, increments: counters.map(({ key, amount, limit, expiresAt }) => ({ key, amount, limit, expiresAt })), leaseExpiresAt, now: now.toISOString() });
      if (outcome.ok) {
        reserved = counters;
        break;
      }
      const counter = counters.find((c) => c.key === outcome.breach.key) ?? (counters[0] as QuotaCounter);
      // A crashed process may still hold reservations: release expired leases once and retry.
      if (!sweptAfterRefusal) {
        sweptAfterRefusal = true;
        if ((await store.quota.releaseExpired(now.toISOString())) > 0) continue;
      }
      const affordable = attempt < 8 ? this.affordableMaxTokens(counter, outcome.breach.current, args, maxTokens) : null;
      if (affordable !== null) {
        maxTokens = affordable;
        continue;
      }
      if (clock.now().getTime() - now.getTime() < this.maxWaitMs && (await this.heldByRequestsInProgress(counter, outcome.breach.current, args.identity, now))) {
        // The limit is taken by reservations of requests still running: wait for them to settle.
        await sleep(Math.min(100 * 2 ** Math.min(attempt, 4), 1000) * (0.5 + Math.random() / 2));
        maxTokens = args.maxTokens;
        continue;
      }
      throw refusalFor(counter, outcome.breach.current, args.identity, now);
    }
    const stopRenewing = this.keepLeased(reservationId, now);
    let finished = false;
    /** True the first time only: a reservation is settled or released once. */
    const finish = (): boolean => {
      if (finished) return false;
      finished = true;
      stopRenewing();
      return true;
    };
    return {
      reservationId,
      maxTokens,
      settle: async (actual) => {
        if (!finish()) return;
        const used: QuotaAmounts = { requests: actual.countsAsRequest ? 1 : 0, tokens: totalTokens(actual.usage), microUsd: actual.costMicroUsd, concurrent: 0 };
        await store.quota.settle({
          reservationId,
          actual: withAmounts(reserved, used).map(({ key, amount, expiresAt }) => ({ key, amount, expiresAt })),
          usage: actual.record,
          now: clock.now().toISOString(),
        });
      },
      release: async () => {
        if (!finish()) return;
        await store.quota.release(reservationId, clock.now().toISOString());
      },
    };
  }

  /**
   * When a dollar budget or token limit cannot cover the worst case, the largest max_tokens it still
   * covers (down to a floor), or null when even the floor does not fit or another limit was hit.
   */
  private affordableMaxTokens(counter: QuotaCounter, current: number, args: { model: string; inputTokens: number; maxTokens: number }, maxTokens: number): number | null {
    if (counter.limit === null) return null;
    const remaining = Math.max(0, counter.limit - current);
    let affordable: number;
    if (counter.unit === 'usd') affordable = this.deps.prices.maxTokensWithin(args.model, args.inputTokens, remaining);
    else if (counter.unit === 'tokens') affordable = remaining - args.inputTokens;
    else return null;
    affordable = Math.min(affordable, maxTokens - 1);
    return affordable >= Math.min(MIN_MAX_TOKENS, args.maxTokens) ? affordable : null;
  }

  /**
   * Whether the breached limit is filled by reservations of requests in progress rather than by
   * settled use: always for concurrency; for dollars and tokens, when settled use (from the roll-ups
   * of the window) is below the counter.
   */
  private async heldByRequestsInProgress(counter: QuotaCounter, current: number, identity: Identity, now: Date): Promise<boolean> {
    if (counter.unit === 'concurrent') return current > 0;
    if (counter.unit !== 'usd' && counter.unit !== 'tokens') return false;
    const scope = counter.scope === 'user' ? userScope(identity) : orgScope(identity.orgId);
    const days = counter.metric === 'budgetUsdPerMonth' ? now.getUTCDate() : 1;
    const window = lastDays(now, days);
    const rows = await this.deps.store.usage.readRollups([scope], window[0] ?? utcDay(now), utcDay(now));
    const field = (name: RollupField): number => rows.reduce((sum, row) => sum + (row.fields[name] ?? 0), 0);
    const settled = counter.unit === 'usd'
      ? field('costMicroUsd')
      : field('inputTokens') + field('outputTokens') + field('cacheCreationTokens') + field('cacheReadTokens');
    return current > settled;
  }

  /** Renews a held reservation's lease until the returned function is called or `maxHoldMs` passes. */
  private keepLeased(reservationId: string, admittedAt: Date): () => void {
    const { store, clock, leaseMs, maxHoldMs } = this.deps;
    const timer = setInterval(() => {
      const now = clock.now().getTime();
      if (now - admittedAt.getTime() >= maxHoldMs) {
        clearInterval(timer);
        return;
      }
      // A renewal that fails leaves the lease to run out; settle still counts everything spent.
      store.quota.extendLease(reservationId, new Date(now + leaseMs).toISOString()).catch(() => undefined);
    }, Math.max(1, Math.floor(leaseMs / 6)));
    timer.unref();
    return () => clearInterval(timer);
  }

  private async sweepExpiredLeases(now: Date): Promise<void> {
    if (now.getTime() - this.lastSweep < 30_000) return;
    this.lastSweep = now.getTime();
    await this.deps.store.quota.releaseExpired(now.toISOString());
  }
}
