import { ConfigError } from '../domain/errors.js';
import type { Operation } from '../domain/operations.js';
import type { PriceInput, ResolvedPlan } from './schema.js';

/** The configuration after defaults are applied. Built once at start-up and passed down. */
export interface AppConfig {
  plans: Record<string, ResolvedPlan>;
  /** Organisation id → plan name; unlisted organisations use `default`. */
  organizations: Record<string, string>;
  models: Record<Operation, string>;
  /** Config prices (USD per MTok) that add to or override the built-in table. */
  priceOverrides: Record<string, PriceInput>;
  cache: { scope: 'organization' | 'global'; ttlSeconds: Record<Operation, number>; memoryEntries: number };
  maxTokens: Record<Operation, number>;
  timeoutMs: number;
  sanitize: { restorePersonalData: boolean };
  validation: { repair: boolean; maxFiles: number; maxFileBytes: number };
  events: { webhookUrl?: string; webhookSecret?: string; eventBusName?: string };
}

export function planFor(config: AppConfig, orgId: string): ResolvedPlan {
  const name = config.organizations[orgId] ?? 'default';
  const plan = config.plans[name];
  if (!plan) throw new ConfigError(`Organisation ${orgId} uses plan "${name}", which is not defined under \`plans\` in the config file.`);
  return plan;
}
