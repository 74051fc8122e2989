import { planFor, type AppConfig } from '../config/app-config.js';
import type { Identity } from '../domain/identity.js';
import type { Operation } from '../domain/operations.js';
import type { Store } from '../ports/store.js';
import { quotaCounters, type QuotaCounter } from './quota-counters.js';

/** The counters of one operation with their current values (for `skafu-ai limits`). */
export async function currentUse(store: Store, config: AppConfig, identity: Identity, operation: Operation, now: Date): Promise<{ counter: QuotaCounter; used: number }[]> {
  const plan = planFor(config, identity.orgId);
  const counters = quotaCounters({ identity, operation, limits: { user: plan.perUser, organization: plan.perOrganization }, amounts: { requests: 0, tokens: 0, microUsd: 0, concurrent: 0 }, now });
  const values = await store.quota.readCounters(counters.map((c) => c.key));
  return counters.map((counter) => ({ counter, used: values.get(counter.key) ?? 0 }));
}
