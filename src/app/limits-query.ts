import { planFor, type AppConfig } from '../config/app-config.js';
import type { Identity } from '../domain/identity.js';
import { microsToUsd } from '../domain/money.js';
import { OPERATIONS } from '../domain/operations.js';
import { limitName } from '../governance/quota-counters.js';
import { currentUse } from '../governance/current-use.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import type { LimitsReport, LimitStatus } from './limits-report.js';

/** Current use against every limit that applies to the identity, with reset times. */
export async function limitsReport(store: Store, config: AppConfig, clock: Clock, identity: Identity, options: { orgWide?: boolean } = {}): Promise<LimitsReport> {
  const now = clock.now();
  const plan = planFor(config, identity.orgId);
  const limits: LimitStatus[] = (await currentUse(store, config, identity, OPERATIONS, now))
    .filter(({ counter }) => !(options.orgWide && counter.scope === 'user'))
    .map(({ counter, used }) => {
      const money = counter.unit === 'usd';
      const value = counter.limit === null ? null : money ? microsToUsd(counter.limit) : counter.limit;
      return {
        limit: limitName(counter),
        scope: counter.scope,
        unit: counter.unit === 'bytes' ? 'requests' : counter.unit,
        value,
        used: money ? microsToUsd(used) : used,
        remaining: value === null ? null : Math.max(0, money ? microsToUsd((counter.limit ?? 0) - used) : value - used),
        resetsAt: counter.resetsAt ? counter.resetsAt.toISOString() : null,
      };
    });
  return { orgId: identity.orgId, userId: identity.userId, plan: plan.name, maxRequestBytes: plan.maxRequestBytes, limits };
}
