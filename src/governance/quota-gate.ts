import { planFor, type AppConfig } from '../config/app-config.js';
import type { Identity } from '../domain/identity.js';
import type { Operation } from '../domain/operations.js';
import { totalTokens, type TokenUsage } from '../domain/token-usage.js';
import type { Clock } from '../ports/clock.js';
import type { Ids } from '../ports/ids.js';
import type { Store, UsageRecord } from '../ports/store.js';
import type { Prices } from './prices.js';
import { quotaCounters, type QuotaAmounts, type QuotaCounter } from './quota-counters.js';
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
  /** How long a reservation lives without being settled (a crashed holder's lease). */
  leaseMs: number;
}

/**
 * Reserve → settle/release around one model call, atomically in the store. Fails closed: store
 * errors propagate as StoreUnavailableError and nothing is admitted.
 */
export class QuotaGate {
  private lastSweep = 0;

  constructor(private readonly deps: QuotaGateDeps) {}

  async admit(args: { identity: Identity; operation: Operation; model: string; inputTokens: number; maxTokens: number; countsAsRequest: boolean }): Promise<Admission> {
    const { store, config, prices, clock, ids } = this.deps;
    const now = clock.now();
    await this.sweepExpiredLeases(now);
    const plan = planFor(config, args.identity.orgId);
    const limits = { user: plan.perUser, organization: plan.perOrganization };
    const maxTokens = await this.affordableMaxTokens(args, limits, now);
    const amounts: QuotaAmounts = {
      requests: args.countsAsRequest ? 1 : 0,
      tokens: args.inputTokens + maxTokens,
      microUsd: prices.worstCaseMicroUsd(args.model, args.inputTokens, maxTokens),
      concurrent: 1,
    };
    const counters = quotaCounters({ identity: args.identity, operation: args.operation, limits, amounts, now });
    const reservationId = ids.newId();
    const request = { reservationId, increments: counters.map(({ key, amount, limit, expiresAt }) => ({ key, amount, limit, expiresAt })), leaseExpiresAt: new Date(now.getTime() + this.deps.leaseMs).toISOString(), now: now.toISOString() };
    let outcome = await store.quota.reserve(request);
    if (!outcome.ok) {
      // A crashed process may still hold reservations: release expired leases once and retry.
      if ((await store.quota.releaseExpired(now.toISOString())) > 0) outcome = await store.quota.reserve(request);
    }
    if (!outcome.ok) {
      const breach = outcome.breach;
      const counter = counters.find((c) => c.key === breach.key) ?? counters[0];
      throw refusalFor(counter as QuotaCounter, breach.current, args.identity, now);
    }
    let finished = false;
    return {
      reservationId,
      maxTokens,
      settle: async (actual) => {
        if (finished) return;
        finished = true;
        const used: QuotaAmounts = { requests: actual.countsAsRequest ? 1 : 0, tokens: totalTokens(actual.usage), microUsd: actual.costMicroUsd, concurrent: 0 };
        const actualCounters = quotaCounters({ identity: args.identity, operation: args.operation, limits, amounts: used, now });
        await store.quota.settle({
          reservationId,
          actual: actualCounters.map(({ key, amount, expiresAt }) => ({ key, amount, expiresAt })),
          usage: actual.record,
          now: clock.now().toISOString(),
        });
      },
      release: async () => {
        if (finished) return;
        finished = true;
        await store.quota.release(reservationId, clock.now().toISOString());
      },
    };
  }

  /** Lowers max_tokens to what the tightest dollar budget still covers, down to a floor. */
  private async affordableMaxTokens(
    args: { identity: Identity; operation: Operation; model: string; inputTokens: number; maxTokens: number },
    limits: Parameters<typeof quotaCounters>[0]['limits'],
    now: Date,
  ): Promise<number> {
    const { prices, store } = this.deps;
    const worst = prices.worstCaseMicroUsd(args.model, args.inputTokens, args.maxTokens);
    const budgets = quotaCounters({ identity: args.identity, operation: args.operation, limits, amounts: { requests: 0, tokens: 0, microUsd: 0, concurrent: 0 }, now })
      .filter((c) => c.unit === 'usd' && c.limit !== null);
    if (budgets.length === 0 || worst === 0) return args.maxTokens;
    const values = await store.quota.readCounters(budgets.map((c) => c.key));
    const remaining = Math.min(...budgets.map((c) => (c.limit ?? 0) - (values.get(c.key) ?? 0)));
    if (remaining >= worst) return args.maxTokens;
    const affordable = Math.min(args.maxTokens, prices.maxTokensWithin(args.model, args.inputTokens, Math.max(0, remaining)));
    return affordable >= Math.min(MIN_MAX_TOKENS, args.maxTokens) ? affordable : args.maxTokens;
  }

  private async sweepExpiredLeases(now: Date): Promise<void> {
    if (now.getTime() - this.lastSweep < 30_000) return;
    this.lastSweep = now.getTime();
    await this.deps.store.quota.releaseExpired(now.toISOString());
  }
}
