import type { ScopeLimits } from '../config/schema.js';
import type { Identity } from '../domain/identity.js';
import type { LimitBreach } from '../domain/errors.js';
import type { Operation } from '../domain/operations.js';
import type { CounterIncrement } from '../ports/store.js';
import { startOfNextDay, startOfNextMinute, startOfNextMonth, utcDay, utcMinute, utcMonth } from './windows.js';

export type CounterMetric = 'requestsPerDay' | 'requestsPerMonth' | 'tokensPerDay' | 'budgetUsdPerDay' | 'budgetUsdPerMonth' | 'maxConcurrent' | 'requestsPerMinute';

/** One counter with what a refusal message and the `limits` report need to describe it. */
export interface QuotaCounter extends CounterIncrement {
  metric: CounterMetric;
  scope: 'user' | 'organization';
  operation: Operation | null;
  unit: LimitBreach['unit'];
  /** When the window resets; null for concurrency. */
  resetsAt: Date | null;
}

export interface QuotaAmounts {
  requests: number;
  tokens: number;
  microUsd: number;
  concurrent: number;
}

/** How long a concurrency slot survives a crashed holder before it is released with its lease. */
const CONCURRENCY_TTL_MS = 24 * 3600_000;

function scopeKey(scope: 'user' | 'organization', identity: Identity): string {
  const org = encodeURIComponent(identity.orgId);
  return scope === 'user' ? `u:${org}:${encodeURIComponent(identity.userId)}` : `o:${org}`;
}

/**
 * The counters one call of `operation` touches, for the user and for the organisation, with the
 * amounts given. Counters of unlimited limits are kept too, so usage is known when a limit is set later.
 */
export function quotaCounters(args: {
  identity: Identity;
  operation: Operation;
  limits: { user: ScopeLimits; organization: ScopeLimits };
  amounts: QuotaAmounts;
  now: Date;
}): QuotaCounter[] {
  const { identity, operation, limits, amounts, now } = args;
  const day = utcDay(now);
  const month = utcMonth(now);
  const minute = utcMinute(now);
  const nextDay = startOfNextDay(now);
  const nextMonth = startOfNextMonth(now);
  const nextMinute = startOfNextMinute(now);
  // Counters outlive their window a little so late settles still find them.
  const keep = (until: Date, extraMs: number): string => new Date(until.getTime() + extraMs).toISOString();
  const dayExpiry = keep(nextDay, 40 * 86_400_000);
  const monthExpiry = keep(nextMonth, 40 * 86_400_000);
  const minuteExpiry = keep(nextMinute, 3600_000);
  const concurrencyExpiry = new Date(now.getTime() + CONCURRENCY_TTL_MS).toISOString();
  const counters: QuotaCounter[] = [];
  for (const scope of ['user', 'organization'] as const) {
    const l = limits[scope];
    const base = scopeKey(scope, identity);
    const add = (c: Omit<QuotaCounter, 'scope'>): void => { counters.push({ ...c, scope }); };
    add({ key: `${base}|req|${operation}|d:${day}`, metric: 'requestsPerDay', operation, unit: 'requests', amount: amounts.requests, limit: l.requestsPerDay[operation], resetsAt: nextDay, expiresAt: dayExpiry });
    add({ key: `${base}|req|${operation}|m:${month}`, metric: 'requestsPerMonth', operation, unit: 'requests', amount: amounts.requests, limit: l.requestsPerMonth[operation], resetsAt: nextMonth, expiresAt: monthExpiry });
    add({ key: `${base}|tok|d:${day}`, metric: 'tokensPerDay', operation: null, unit: 'tokens', amount: amounts.tokens, limit: l.tokensPerDay, resetsAt: nextDay, expiresAt: dayExpiry });
    add({ key: `${base}|usd|d:${day}`, metric: 'budgetUsdPerDay', operation: null, unit: 'usd', amount: amounts.microUsd, limit: l.budgetMicroUsdPerDay, resetsAt: nextDay, expiresAt: dayExpiry });
    add({ key: `${base}|usd|m:${month}`, metric: 'budgetUsdPerMonth', operation: null, unit: 'usd', amount: amounts.microUsd, limit: l.budgetMicroUsdPerMonth, resetsAt: nextMonth, expiresAt: monthExpiry });
    add({ key: `${base}|conc`, metric: 'maxConcurrent', operation: null, unit: 'concurrent', amount: amounts.concurrent, limit: l.maxConcurrent, resetsAt: null, expiresAt: concurrencyExpiry });
    add({ key: `${base}|rpm|${minute}`, metric: 'requestsPerMinute', operation: null, unit: 'requests', amount: amounts.requests, limit: l.requestsPerMinute, resetsAt: nextMinute, expiresAt: minuteExpiry });
  }
  return counters;
}

/** The same counters carrying other amounts (e.g. what a call actually used, to settle it). */
export function withAmounts(counters: readonly QuotaCounter[], amounts: QuotaAmounts): QuotaCounter[] {
  return counters.map((c) => ({ ...c, amount: amountOf(c.unit, amounts) }));
}

function amountOf(unit: QuotaCounter['unit'], amounts: QuotaAmounts): number {
  switch (unit) {
    case 'requests': return amounts.requests;
    case 'tokens': return amounts.tokens;
    case 'usd': return amounts.microUsd;
    case 'concurrent': return amounts.concurrent;
    default: return 0;
  }
}

/** `perUser.requestsPerDay.project_analysis` */
export function limitName(counter: Pick<QuotaCounter, 'scope' | 'metric' | 'operation'>): string {
  const scope = counter.scope === 'user' ? 'perUser' : 'perOrganization';
  return counter.operation ? `${scope}.${counter.metric}.${counter.operation}` : `${scope}.${counter.metric}`;
}
