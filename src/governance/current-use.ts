import { planFor, type AppConfig } from '../config/app-config.js';
import type { Identity } from '../domain/identity.js';
import type { Operation } from '../domain/operations.js';
import type { Store } from '../ports/store.js';
import { quotaCounters, type QuotaCounter } from './quota-counters.js';

/**
 * Every counter the given operations touch (each once, in operation order) with its current value,
 * read from the store in one call (for `skafu-ai limits`).
 */
export async function currentUse(store: Store, config: AppConfig, identity: Identity, operations: readonly Operation[], now: Date): Promise<{ counter: QuotaCounter; used: number }[]> {
  const plan = planFor(config, identity.orgId);
  const limits = { user: plan.perUser, organization: plan.perOrganization };
  const byKey = new Map<string, QuotaCounter>();
  for (const operation of operations) {
    for (const counter of quotaCounters({ identity, operation, limits, amounts: { requests: 0, tokens: 0, microUsd: 0, concurrent: 0 }, now })) {
      if (!byKey.has(counter.key)) byKey.set(counter.key, counter);
    }
  }
  const values = await store.quota.readCounters([...byKey.keys()]);
  return [...byKey.values()].map((counter) => ({ counter, used: values.get(counter.key) ?? 0 }));
}
