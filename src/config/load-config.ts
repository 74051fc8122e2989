import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../domain/errors.js';
import { OPERATIONS, type Operation } from '../domain/operations.js';
import { usdToMicros } from '../domain/money.js';
import type { AppConfig } from './app-config.js';
import {
  DEFAULT_CACHE_TTL_SECONDS, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_TOKENS, DEFAULT_MEMORY_CACHE_ENTRIES,
  DEFAULT_MODEL, DEFAULT_ORG_LIMITS, DEFAULT_TIMEOUT_SECONDS, DEFAULT_USER_LIMITS,
} from './defaults.js';
import { configFileSchema, type ConfigFile, type ResolvedPlan, type ScopeLimits, type ScopeLimitsInput } from './schema.js';

/** Reads and validates a YAML or JSON config file; unknown keys are an error that names them. */
export function loadConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`Cannot read the config file ${path} (SKAFU_AI_CONFIG): check that it exists and is readable.`);
  }
  let raw: unknown;
  try {
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`The config file ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
  }
  return parseConfig(raw ?? {}, path);
}

export function parseConfig(raw: unknown, source = 'config'): ConfigFile {
  const result = configFileSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const at = issue.path.join('.') || '(top level)';
      if (issue.code === 'unrecognized_keys') return `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')} at ${at}`;
      return `${at}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid ${source}: ${problems.join('; ')}`);
  }
  return result.data;
}

function resolveScope(base: Required<ScopeLimitsInput>, input: ScopeLimitsInput | undefined): ScopeLimits {
  const merged = { ...base, ...(input ?? {}) };
  const perOp = (defaults: Required<ScopeLimitsInput>['requestsPerDay'], given: ScopeLimitsInput['requestsPerDay']): Record<Operation, number | null> => {
    const out = {} as Record<Operation, number | null>;
    for (const op of OPERATIONS) {
      const value = given && op in given ? given[op] : defaults?.[op];
      out[op] = value === undefined ? null : value;
    }
    return out;
  };
  const money = (usd: number | null | undefined): number | null => (usd === null || usd === undefined ? null : usdToMicros(usd));
  return {
    requestsPerDay: perOp(base.requestsPerDay, input?.requestsPerDay),
    requestsPerMonth: perOp(base.requestsPerMonth, input?.requestsPerMonth),
    tokensPerDay: merged.tokensPerDay ?? null,
    budgetMicroUsdPerDay: money(merged.budgetUsdPerDay),
    budgetMicroUsdPerMonth: money(merged.budgetUsdPerMonth),
    maxConcurrent: merged.maxConcurrent ?? null,
    requestsPerMinute: merged.requestsPerMinute ?? null,
  };
}

/**
 * Applies defaults. Every plan inherits from `default`, which inherits from the built-in limits,
 * so a plan only states what differs.
 */
export function resolveConfig(file: ConfigFile): AppConfig {
  const defaultInput = file.plans?.default;
  const userBase = { ...DEFAULT_USER_LIMITS, ...(defaultInput?.perUser ?? {}) } as Required<ScopeLimitsInput>;
  const orgBase = { ...DEFAULT_ORG_LIMITS, ...(defaultInput?.perOrganization ?? {}) } as Required<ScopeLimitsInput>;
  userBase.requestsPerDay = { ...DEFAULT_USER_LIMITS.requestsPerDay, ...(defaultInput?.perUser?.requestsPerDay ?? {}) };
  userBase.requestsPerMonth = { ...DEFAULT_USER_LIMITS.requestsPerMonth, ...(defaultInput?.perUser?.requestsPerMonth ?? {}) };
  orgBase.requestsPerDay = { ...DEFAULT_ORG_LIMITS.requestsPerDay, ...(defaultInput?.perOrganization?.requestsPerDay ?? {}) };
  orgBase.requestsPerMonth = { ...DEFAULT_ORG_LIMITS.requestsPerMonth, ...(defaultInput?.perOrganization?.requestsPerMonth ?? {}) };

  const plans: Record<string, ResolvedPlan> = {};
  const planInputs: Record<string, NonNullable<ConfigFile['plans']>[string]> = { default: {}, ...(file.plans ?? {}) };
  for (const [name, plan] of Object.entries(planInputs)) {
    const isDefault = name === 'default';
    plans[name] = {
      name,
      perUser: resolveScope(userBase, isDefault ? undefined : plan.perUser),
      perOrganization: resolveScope(orgBase, isDefault ? undefined : plan.perOrganization),
      maxRequestBytes: plan.maxRequestBytes ?? defaultInput?.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    };
  }

  const organizations: Record<string, string> = {};
  for (const [orgId, { plan }] of Object.entries(file.organizations ?? {})) {
    if (!plans[plan]) {
      throw new ConfigError(`Invalid config: organizations.${orgId}.plan names plan "${plan}", which is not defined under \`plans\` (defined: ${Object.keys(plans).join(', ')}).`);
    }
    organizations[orgId] = plan;
  }

  const perOperation = <T>(given: Partial<Record<Operation, T>> | undefined, fallback: (op: Operation) => T): Record<Operation, T> => {
    const out = {} as Record<Operation, T>;
    for (const op of OPERATIONS) out[op] = given?.[op] ?? fallback(op);
    return out;
  };

  return {
    plans,
    organizations,
    models: perOperation(file.models, () => DEFAULT_MODEL),
    priceOverrides: file.prices ?? {},
    cache: {
      scope: file.cache?.scope ?? 'organization',
      ttlSeconds: perOperation(file.cache?.ttlSeconds, (op) => DEFAULT_CACHE_TTL_SECONDS[op]),
      memoryEntries: file.cache?.memoryEntries ?? DEFAULT_MEMORY_CACHE_ENTRIES,
    },
    maxTokens: perOperation(file.maxTokens, (op) => DEFAULT_MAX_TOKENS[op]),
    timeoutMs: (file.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    sanitize: { restorePersonalData: file.sanitize?.restorePersonalData ?? false },
    validation: {
      repair: file.validation?.repair ?? true,
      maxFiles: file.validation?.maxFiles ?? 100,
      maxFileBytes: file.validation?.maxFileBytes ?? 512 * 1024,
    },
    events: { ...(file.events ?? {}) },
  };
}

/** The configuration named by `SKAFU_AI_CONFIG`, or the defaults. */
export function loadConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const path = env.SKAFU_AI_CONFIG;
  return resolveConfig(path ? loadConfigFile(path) : {});
}
