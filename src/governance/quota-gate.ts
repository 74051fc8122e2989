import { setTimeout as sleep } from 'node:timers/promises';
import { planFor, type AppConfig } from '../config/app-config.js';
import { UnavailableError, type UsageLimitExceededError } from '../domain/errors.js';
import type { Identity } from '../domain/identity.js';
import type { Operation } from '../domain/operations.js';
import { totalTokens, type TokenUsage } from '../domain/token-usage.js';
import type { Clock } from '../ports/clock.js';
import type { Ids } from '../ports/ids.js';
import type { RollupField, Store, UsageRecord } from '../ports/store.js';
import { orgScope, userScope } from './usage-record.js';
import { lastDays, utcDay } from './windows.js';
import type { Prices } from './prices.js';
import { limitName, quotaCounters, withAmounts, type QuotaAmounts, type QuotaCounter } from './quota-counters.js';
import { refusalFor } from './refusal.js';
import { WaitingLine, type Waiter } from './waiting-line.js';

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

export interface AdmitArgs {
  identity: Identity;
  operation: Operation;
  model: string;
  inputTokens: number;
  maxTokens: number;
  countsAsRequest: boolean;
  /**
   * How long to wait for room held by running requests before refusing; default the gate's
   * maxWaitMs. A caller that sets it (a queued job, with no client waiting on it) also waits for a
   * per-minute limit that resets within it; others are refused at once, as a client expects.
   */
  maxWaitMs?: number;
  /** Ends a wait for room early: the call then fails as cancelled (UnavailableError), not as refused. */
  signal?: AbortSignal;
  /** Told when the call starts waiting for room on a limit (once per limit). */
  onWait?: (wait: { limit: string; resetsAt: string | null }) => void;
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
  private readonly line = new WaitingLine();

  constructor(private readonly deps: QuotaGateDeps) {
    this.maxWaitMs = deps.maxWaitMs ?? 10_000;
  }

  async admit(args: AdmitArgs): Promise<Admission> {
    const { store, clock, ids } = this.deps;
    const now = clock.now();
    await this.sweepExpiredLeases(now);
    const reservationId = ids.newId();
    const waiter = WaitingLine.waiter();
    let reserved: { counters: QuotaCounter[]; maxTokens: number } | undefined;
    try {
      reserved = await this.reserve(args, reservationId, now, waiter);
    } finally {
      const waitedOn = waiter.key;
      this.line.leave(waiter);
      // A settle can free room for more than one waiter, except on a concurrency limit (one slot).
      const unit = reserved?.counters.find((c) => c.key === waitedOn)?.unit;
      if (waitedOn !== null && unit !== undefined && unit !== 'concurrent') this.line.wake(waitedOn);
    }
    const { counters: held, maxTokens } = reserved;
    const stopRenewing = this.keepLeased(reservationId, now);
    let finished = false;
    /** True the first time only: a reservation is settled or released once. */
    const finish = (): boolean => {
      if (finished) return false;
      finished = true;
      stopRenewing();
      return true;
    };
    const wakeWaiters = (): void => {
      for (const counter of held) if (counter.limit !== null) this.line.wake(counter.key);
    };
    return {
      reservationId,
      maxTokens,
      settle: async (actual) => {
        if (!finish()) return;
        const used: QuotaAmounts = { requests: actual.countsAsRequest ? 1 : 0, tokens: totalTokens(actual.usage), microUsd: actual.costMicroUsd, concurrent: 0 };
        try {
          await store.quota.settle({
            reservationId,
            actual: withAmounts(held, used).map(({ key, amount, expiresAt }) => ({ key, amount, expiresAt })),
            usage: actual.record,
            now: clock.now().toISOString(),
          });
        } finally {
          wakeWaiters();
        }
      },
      release: async () => {
        if (!finish()) return;
        try {
          await store.quota.release(reservationId, clock.now().toISOString());
        } finally {
          wakeWaiters();
        }
      },
    };
  }

  /**
   * The refusal a request for `operation` would certainly get now, without reserving anything (for
   * a job about to be queued): a request limit with no request left, or a dollar or token limit
   * used up by settled calls. Room held by requests still running is not a refusal here — it may be
   * given back before the job runs — nor are concurrency and per-minute limits (the job waits).
   */
  async certainRefusal(identity: Identity, operation: Operation): Promise<UsageLimitExceededError | null> {
    const { store, config, clock } = this.deps;
    const now = clock.now();
    const plan = planFor(config, identity.orgId);
    const counters = quotaCounters({ identity, operation, limits: { user: plan.perUser, organization: plan.perOrganization }, amounts: { requests: 1, tokens: 0, microUsd: 0, concurrent: 0 }, now })
      .filter((c) => c.limit !== null && c.unit !== 'concurrent' && c.metric !== 'requestsPerMinute');
    if (counters.length === 0) return null;
    const used = await store.quota.readCounters(counters.map((c) => c.key));
    for (const counter of counters) {
      const current = used.get(counter.key) ?? 0;
      const limit = counter.limit ?? Number.POSITIVE_INFINITY;
      const full = counter.unit === 'requests' ? current + 1 > limit : current >= limit;
      if (!full) continue;
      if (counter.unit !== 'requests' && (await this.heldByRequestsInProgress(counter, current, identity, now))) continue;
      return refusalFor(counter, current, identity, now);
    }
    return null;
  }

  /**
   * Reserves the worst case of the call, lowering max_tokens when only a smaller call fits a budget,
   * and waiting in line (up to maxWaitMs) while running requests hold the room; refuses otherwise.
   */
  private async reserve(args: AdmitArgs, reservationId: string, admittedAt: Date, waiter: Waiter): Promise<{ counters: QuotaCounter[]; maxTokens: number }> {
    const { store, config, prices, clock } = this.deps;
    const plan = planFor(config, args.identity.orgId);
    const limits = { user: plan.perUser, organization: plan.perOrganization };
    const maxWaitMs = args.maxWaitMs ?? this.maxWaitMs;
    const waitLeftMs = (): number => maxWaitMs - (clock.now().getTime() - admittedAt.getTime());
    let maxTokens = args.maxTokens;
    let sweptAfterRefusal = false;
    let waitingOn: string | null = null;
    const waitingFor = (counter: QuotaCounter): void => {
      const limit = limitName(counter);
      if (limit === waitingOn) return;
      waitingOn = limit;
      args.onWait?.({ limit, resetsAt: counter.unit === 'requests' && counter.resetsAt ? counter.resetsAt.toISOString() : null });
    };
    for (let attempt = 0; ; attempt += 1) {
      if (attempt > 0 && args.signal?.aborted) {
        throw new UnavailableError('The request was cancelled while it waited for room under its limits; nothing was reserved or billed.');
      }
      // Windows (day, month, minute) are those of this attempt: a wait may cross into the next one.
      const now = attempt === 0 ? admittedAt : clock.now();
      const amounts: QuotaAmounts = {
        requests: args.countsAsRequest ? 1 : 0,
        tokens: args.inputTokens + maxTokens,
        microUsd: prices.worstCaseMicroUsd(args.model, args.inputTokens, maxTokens),
        concurrent: 1,
      };
      const counters = quotaCounters({ identity: args.identity, operation: args.operation, limits, amounts, now });
      if (attempt === 0 && !this.line.empty) {
        // Others of this process already wait for room on one of these limits: queue behind them.
        const busy = this.line.busyKey(counters.filter((c) => c.limit !== null).map((c) => c.key));
        if (busy !== null && waitLeftMs() > 0) await this.line.wait(waiter, busy, Math.min(waitLeftMs(), backoffMs(0)));
      }
      // From this attempt, not from the start of admit: waiting for running requests must not eat the lease.
      const leaseExpiresAt = new Date(clock.now().getTime() + this.deps.leaseMs).toISOString();
      const outcome = await store.quota.reserve({ reservationId, increments: counters.map(({ key, amount, limit, expiresAt }) => ({ key, amount, limit, expiresAt })), leaseExpiresAt, now: now.toISOString() });
      if (outcome.ok) return { counters, maxTokens };
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
      if (waitLeftMs() > 0 && (await this.heldByRequestsInProgress(counter, outcome.breach.current, args.identity, now))) {
        // The limit is taken by reservations of requests still running: wait for one to settle.
        waitingFor(counter);
        await this.line.wait(waiter, counter.key, Math.min(waitLeftMs(), backoffMs(attempt)));
        maxTokens = args.maxTokens;
        continue;
      }
      const resetInMs = counter.metric === 'requestsPerMinute' && counter.resetsAt ? counter.resetsAt.getTime() - clock.now().getTime() : null;
      if (args.maxWaitMs !== undefined && resetInMs !== null && resetInMs < waitLeftMs()) {
        // A per-minute limit: a caller that may wait (a queued job) asks again in the next minute.
        waitingFor(counter);
        // An abort ends the pause early; the next attempt then says the request was cancelled.
        await sleep(Math.max(0, resetInMs) + Math.random() * 250, undefined, args.signal ? { signal: args.signal } : {}).catch(() => undefined);
        maxTokens = args.maxTokens;
        continue;
      }
      throw refusalFor(counter, outcome.breach.current, args.identity, now, { operation: args.operation, maxTokens });
    }
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

/** How long a waiter waits before trying again unwoken (room freed by another process): 50–100 ms doubling to 0.5–1 s. */
function backoffMs(attempt: number): number {
  return Math.min(100 * 2 ** Math.min(attempt, 4), 1000) * (0.5 + Math.random() / 2);
}
