import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../domain/errors.js';
import { OPERATIONS, type Operation } from '../domain/operations.js';
import { usdToMicros } from '../domain/money.js';
import type { AppConfig } from './app-config.js';
import {
  BUILT_IN_PLANS, DEFAULT_CACHE_TTL_SECONDS, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_TOKENS, DEFAULT_MEMORY_CACHE_ENTRIES,
  DEFAULT_MODEL, DEFAULT_ORG_LIMITS, DEFAULT_TIMEOUT_SECONDS, DEFAULT_USER_LIMITS,
} from './defaults.js';
import { closestName, knownKeysAt } from './key-hints.js';
import { configFileSchema, type ConfigFile, type ResolvedPlan, type ScopeLimits, type ScopeLimitsInput } from './schema.js';

/** Reads and validates a YAML or JSON config file; unknown keys are an error that names them. */
export function loadConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`Cannot read the config file ${path} (SKAFU_AI_CONFIG)${code ? ` (${code})` : ''}: check that it exists and is readable.`);
  }
  // Editors on Windows often start UTF-8 files with a byte-order mark, which JSON.parse refuses.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const json = path.toLowerCase().endsWith('.json');
  let raw: unknown;
  try {
    // `<<` merge keys let plans share settings through anchors (`<<: *base`), as YAML users expect.
    raw = json ? JSON.parse(text) : parseYaml(text, { merge: true });
  } catch (error) {
    throw new ConfigError(`The config file ${path} is not valid ${json ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]?.replace(/:\s*$/, '')}`);
  }
  return parseConfig(raw ?? {}, path);
}

/** `unknown key(s) "budgetUSDPerDay" at plans.default.perUser (did you mean "budgetUSDPerDay" → "budgetUsdPerDay"? allowed there: …)` */
function unknownKeysProblem(keys: readonly string[], path: readonly PropertyKey[]): string {
  const at = path.join('.') || '(top level)';
  const known = knownKeysAt(configFileSchema, path) ?? [];
  const guesses = keys.flatMap((key) => {
    const guess = closestName(key, known);
    return guess ? [`"${key}" → "${guess}"`] : [];
  });
  const hints = [
    ...(guesses.length > 0 ? [`did you mean ${guesses.join(', ')}?`] : []),
    ...(known.length > 0 ? [`allowed there: ${known.join(', ')}`] : []),
  ];
  return `unknown key(s) ${keys.map((k) => `"${k}"`).join(', ')} at ${at}${hints.length > 0 ? ` (${hints.join(' ')})` : ''}`;
}

export function parseConfig(raw: unknown, source = 'config'): ConfigFile {
  const result = configFileSchema.safeParse(raw);
  if (!result.success) {
    let unknownKeys = false;
    const problems = result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        unknownKeys = true;
        return unknownKeysProblem(issue.keys, issue.path);
      }
      return `${issue.path.join('.') || '(top level)'}: ${issue.message}`;
    });
    const fix = unknownKeys ? ' Rename or remove the unknown keys: the README\'s Configuration section documents every key.' : '';
    throw new ConfigError(`Invalid ${source}: ${problems.join('; ')}.${fix}`);
  }
  return result.data;
}

function unlimited(): ScopeLimits {
  return {
    requestsPerDay: perOperationOf(null),
    requestsPerMonth: perOperationOf(null),
    tokensPerDay: null,
    budgetMicroUsdPerDay: null,
    budgetMicroUsdPerMonth: null,
    maxConcurrent: null,
    requestsPerMinute: null,
  };
}

function perOperationOf(value: number | null): Record<Operation, number | null> {
  const out = {} as Record<Operation, number | null>;
  for (const op of OPERATIONS) out[op] = value;
  return out;
}

/** A missing key keeps the base value; `null` (for one operation or the whole map) is unlimited. */
function mergePerOperation(base: Record<Operation, number | null>, given: ScopeLimitsInput['requestsPerDay']): Record<Operation, number | null> {
  if (given === null) return perOperationOf(null);
  const out = { ...base };
  for (const op of OPERATIONS) {
    const value = given?.[op];
    if (value !== undefined) out[op] = value;
  }
  return out;
}

/** Overrides `base` with the keys `input` states; budgets turn into micro-dollars. */
function overrideScope(base: ScopeLimits, input: ScopeLimitsInput | undefined): ScopeLimits {
  const keep = (given: number | null | undefined, fallback: number | null): number | null => (given === undefined ? fallback : given);
  const money = (given: number | null | undefined, fallback: number | null): number | null =>
    given === undefined ? fallback : given === null ? null : usdToMicros(given);
  return {
    requestsPerDay: mergePerOperation(base.requestsPerDay, input?.requestsPerDay),
    requestsPerMonth: mergePerOperation(base.requestsPerMonth, input?.requestsPerMonth),
    tokensPerDay: keep(input?.tokensPerDay, base.tokensPerDay),
    budgetMicroUsdPerDay: money(input?.budgetUsdPerDay, base.budgetMicroUsdPerDay),
    budgetMicroUsdPerMonth: money(input?.budgetUsdPerMonth, base.budgetMicroUsdPerMonth),
    maxConcurrent: keep(input?.maxConcurrent, base.maxConcurrent),
    requestsPerMinute: keep(input?.requestsPerMinute, base.requestsPerMinute),
  };
}

/**
 * Applies defaults. Every plan inherits from `default`, which inherits from the built-in limits,
 * so a plan only states what differs. `source` (the file) is named in errors.
 */
export function resolveConfig(file: ConfigFile, source = 'config'): AppConfig {
  const defaultInput = file.plans?.default;
  const defaultPlan: ResolvedPlan = {
    name: 'default',
    perUser: overrideScope(overrideScope(unlimited(), DEFAULT_USER_LIMITS), defaultInput?.perUser),
    perOrganization: overrideScope(overrideScope(unlimited(), DEFAULT_ORG_LIMITS), defaultInput?.perOrganization),
    maxRequestBytes: defaultInput?.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
  };

  const plans: Record<string, ResolvedPlan> = { default: defaultPlan };
  for (const [name, plan] of Object.entries({ ...BUILT_IN_PLANS, ...(file.plans ?? {}) })) {
    if (name === 'default') continue;
    plans[name] = {
      name,
      perUser: overrideScope(defaultPlan.perUser, plan.perUser),
      perOrganization: overrideScope(defaultPlan.perOrganization, plan.perOrganization),
      maxRequestBytes: ('maxRequestBytes' in plan ? plan.maxRequestBytes : undefined) ?? defaultPlan.maxRequestBytes,
    };
  }

  const organizations: Record<string, string> = {};
  for (const [orgId, { plan }] of Object.entries(file.organizations ?? {})) {
    if (!plans[plan]) {
      const guess = closestName(plan, Object.keys(plans));
      throw new ConfigError(`Invalid ${source}: organizations.${orgId}.plan names plan "${plan}", which is not defined under \`plans\`${guess ? ` (did you mean "${guess}"?)` : ''}. `
        + `Use one of ${Object.keys(plans).join(', ')}, or define "${plan}" under \`plans\`.`);
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
    // Whole milliseconds: the SDK refuses a fractional timeout (2.0005 s would be 2000.4999… ms).
    timeoutMs: Math.round((file.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000),
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
  return path ? resolveConfig(loadConfigFile(path), path) : resolveConfig({});
}
