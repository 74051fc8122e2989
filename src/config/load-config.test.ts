import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../domain/errors.js';
import { planFor } from './app-config.js';
import { loadConfigFile, loadConfigFromEnv, parseConfig, resolveConfig } from './load-config.js';

const dirs: string[] = [];
beforeEach(() => {
  dirs.push(mkdtempSync(join(tmpdir(), 'skafu-config-')));
});
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const path = join(dirs[dirs.length - 1]!, name);
  writeFileSync(path, text);
  return path;
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

const USD = 1_000_000;

describe('defaults (INTERFACE.md "Configuration")', () => {
  const config = resolveConfig({});
  const plan = config.plans.default!;

  it('limits each user as documented', () => {
    expect(plan.perUser).toEqual({
      requestsPerDay: { project_analysis: 100, code_generation: 50, architecture_review: 25, optimization_analysis: 25 },
      requestsPerMonth: { project_analysis: 2000, code_generation: 1000, architecture_review: 500, optimization_analysis: 500 },
      tokensPerDay: 2_000_000,
      budgetMicroUsdPerDay: 10 * USD,
      budgetMicroUsdPerMonth: 100 * USD,
      maxConcurrent: 4,
      requestsPerMinute: 30,
    });
  });

  it('limits each organisation to $100 a day and nothing else', () => {
    const none = { project_analysis: null, code_generation: null, architecture_review: null, optimization_analysis: null };
    expect(plan.perOrganization).toEqual({
      requestsPerDay: none, requestsPerMonth: none, tokensPerDay: null, budgetMicroUsdPerDay: 100 * USD,
      budgetMicroUsdPerMonth: null, maxConcurrent: null, requestsPerMinute: null,
    });
  });

  it('has the default plan plus the built-in free, pro and enterprise plans, no organisations, and a 256 KiB request cap', () => {
    expect(Object.keys(config.plans)).toEqual(['default', 'free', 'pro', 'enterprise']);
    expect(plan.name).toBe('default');
    expect(plan.maxRequestBytes).toBe(262_144);
    expect(config.organizations).toEqual({});
  });

  it('uses claude-sonnet-5-5 for every operation', () => {
    expect(config.models).toEqual({
      project_analysis: 'claude-sonnet-5-5', code_generation: 'claude-sonnet-5-5',
      architecture_review: 'claude-sonnet-5-5', optimization_analysis: 'claude-sonnet-5-5',
    });
  });

  it('caches per organisation with the documented TTLs', () => {
    expect(config.cache.scope).toBe('organization');
    expect(config.cache.ttlSeconds).toEqual({ project_analysis: 3600, code_generation: 1800, architecture_review: 3600, optimization_analysis: 3600 });
  });

  it('has no price overrides and sensible call settings', () => {
    expect(config.priceOverrides).toEqual({});
    expect(config.timeoutMs).toBe(120_000);
    expect(config.sanitize.restorePersonalData).toBe(false);
    expect(config.validation).toEqual({ repair: true, maxFiles: 100, maxFileBytes: 512 * 1024 });
  });

  it('is what loadConfigFromEnv returns without SKAFU_AI_CONFIG', () => {
    expect(loadConfigFromEnv({})).toEqual(config);
    expect(loadConfigFromEnv({ SKAFU_AI_CONFIG: '' })).toEqual(config);
  });

  it('is what an empty or comment-only file gives', () => {
    expect(resolveConfig(loadConfigFile(file('empty.yaml', '')))).toEqual(config);
    expect(resolveConfig(loadConfigFile(file('comments.yaml', '# nothing set yet\n')))).toEqual(config);
    expect(resolveConfig(loadConfigFile(file('empty.json', '{}')))).toEqual(config);
  });

  it('gives every call a fresh object, so one caller cannot change another\'s limits', () => {
    const a = resolveConfig({});
    a.plans.default!.perUser.requestsPerDay.project_analysis = 1;
    expect(resolveConfig({}).plans.default!.perUser.requestsPerDay.project_analysis).toBe(100);
  });
});

const SAMPLE_YAML = `# the sample of INTERFACE.md, with the plan it names defined
plans:
  default:
    perUser:
      requestsPerDay:   { project_analysis: 100, code_generation: 50, architecture_review: 25, optimization_analysis: 25 }
      requestsPerMonth: { project_analysis: 2000, code_generation: 1000, architecture_review: 500, optimization_analysis: 500 }
      tokensPerDay: 2000000
      budgetUsdPerDay: 10
      budgetUsdPerMonth: 100
      maxConcurrent: 4
      requestsPerMinute: 30
    perOrganization:
      budgetUsdPerDay: 100
    maxRequestBytes: 262144
  pro:
    perUser:
      budgetUsdPerDay: 50
organizations:
  acme: { plan: pro }
models:
  project_analysis: claude-sonnet-5-5
  code_generation: claude-opus-5
prices:
  my-model: { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 }
cache:
  scope: organization
  ttlSeconds: { project_analysis: 3600, code_generation: 1800, architecture_review: 3600, optimization_analysis: 3600 }
`;

const SAMPLE_JSON = JSON.stringify({
  plans: {
    default: {
      perUser: {
        requestsPerDay: { project_analysis: 100, code_generation: 50, architecture_review: 25, optimization_analysis: 25 },
        requestsPerMonth: { project_analysis: 2000, code_generation: 1000, architecture_review: 500, optimization_analysis: 500 },
        tokensPerDay: 2000000, budgetUsdPerDay: 10, budgetUsdPerMonth: 100, maxConcurrent: 4, requestsPerMinute: 30,
      },
      perOrganization: { budgetUsdPerDay: 100 },
      maxRequestBytes: 262144,
    },
    pro: { perUser: { budgetUsdPerDay: 50 } },
  },
  organizations: { acme: { plan: 'pro' } },
  models: { project_analysis: 'claude-sonnet-5-5', code_generation: 'claude-opus-5' },
  prices: { 'my-model': { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 } },
  cache: { scope: 'organization', ttlSeconds: { project_analysis: 3600, code_generation: 1800, architecture_review: 3600, optimization_analysis: 3600 } },
}, null, 2);

describe('YAML and JSON files', () => {
  it('loads the documented sample from YAML', () => {
    const config = resolveConfig(loadConfigFile(file('skafu.yaml', SAMPLE_YAML)));
    expect(config.organizations).toEqual({ acme: 'pro' });
    expect(config.plans.pro!.perUser.budgetMicroUsdPerDay).toBe(50 * USD);
    expect(config.models.code_generation).toBe('claude-opus-5');
    expect(config.models.architecture_review).toBe('claude-sonnet-5-5');
  });

  it('gives the same configuration from the same content in JSON', () => {
    const fromYaml = resolveConfig(loadConfigFile(file('skafu.yaml', SAMPLE_YAML)));
    const fromJson = resolveConfig(loadConfigFile(file('skafu.json', SAMPLE_JSON)));
    expect(fromJson).toEqual(fromYaml);
  });

  it('reads .yml files as YAML', () => {
    const config = resolveConfig(loadConfigFile(file('skafu.yml', 'timeoutSeconds: 30\n')));
    expect(config.timeoutMs).toBe(30_000);
  });

  it('reads a file that starts with a byte-order mark, JSON or YAML', () => {
    expect(resolveConfig(loadConfigFile(file('bom.json', '\uFEFF{"cache": {"scope": "global"}}'))).cache.scope).toBe('global');
    expect(resolveConfig(loadConfigFile(file('bom.yaml', '\uFEFFcache:\n  scope: global\n'))).cache.scope).toBe('global');
  });

  it('reads .JSON as JSON whatever the letter case of the extension', () => {
    const error = errorOf(() => loadConfigFile(file('upper.JSON', '{"cache": {"scope": "global",}}')));
    expect(error.message).toContain('is not valid JSON');
  });

  it('lets YAML plans share settings through anchors and << merge keys, still refusing unknown keys', () => {
    const path = file('anchors.yaml', [
      'plans:',
      '  default: &base',
      '    perUser: { budgetUsdPerDay: 5, maxConcurrent: 2 }',
      '  team:',
      '    <<: *base',
      '    maxRequestBytes: 1000',
      '',
    ].join('\n'));
    const config = resolveConfig(loadConfigFile(path));
    expect(config.plans.team!.perUser.budgetMicroUsdPerDay).toBe(5 * USD);
    expect(config.plans.team!.maxRequestBytes).toBe(1000);
    const typo = file('anchor-typo.yaml', 'x: &base\n  perUser: {}\nplans:\n  team:\n    <<: *base\n    perUsr: {}\n');
    expect(errorOf(() => loadConfigFile(typo)).message).toContain('"x" at (top level)');
    expect(errorOf(() => loadConfigFile(typo)).message).toContain('"perUsr" at plans.team');
  });

  it('is what loadConfigFromEnv reads from SKAFU_AI_CONFIG', () => {
    const path = file('env.yaml', 'cache:\n  scope: global\n');
    expect(loadConfigFromEnv({ SKAFU_AI_CONFIG: path }).cache.scope).toBe('global');
  });
});

describe('unknown keys are an error that names them', () => {
  it.each([
    { at: '(top level)', key: 'plan', raw: { plan: {} } },
    { at: 'plans.default', key: 'perUsers', raw: { plans: { default: { perUsers: {} } } } },
    { at: 'plans.default.perUser', key: 'budgetPerDay', raw: { plans: { default: { perUser: { budgetPerDay: 5 } } } } },
    { at: 'plans.pro.perOrganization.requestsPerDay', key: 'analysis', raw: { plans: { pro: { perOrganization: { requestsPerDay: { analysis: 5 } } } } } },
    { at: 'organizations.acme', key: 'tier', raw: { organizations: { acme: { plan: 'default', tier: 'gold' } } } },
    { at: 'models', key: 'analysis', raw: { models: { analysis: 'claude-sonnet-5-5' } } },
    { at: 'prices.my-model', key: 'cacheWrite', raw: { prices: { 'my-model': { input: 1, output: 2, cacheWrite: 1 } } } },
    { at: 'cache.ttlSeconds', key: 'review', raw: { cache: { ttlSeconds: { review: 10 } } } },
    { at: 'validation', key: 'strict', raw: { validation: { strict: true } } },
    { at: 'events', key: 'url', raw: { events: { url: 'https://example.com' } } },
  ])('names "$key" at $at', ({ at, key, raw }) => {
    const error = errorOf(() => parseConfig(raw, 'skafu.yaml'));
    expect(error.message).toContain(`unknown key(s) "${key}" at ${at}`);
    expect(error.message).toContain('skafu.yaml');
  });

  it('names every unknown key of a file, wherever they are', () => {
    const path = file('typos.yaml', 'plans:\n  default:\n    perUser:\n      tokenPerDay: 5\ncahce: {}\n');
    const error = errorOf(() => loadConfigFile(path));
    expect(error.message).toContain('"tokenPerDay" at plans.default.perUser');
    expect(error.message).toContain('"cahce" at (top level)');
    expect(error.message).toContain(path);
  });

  it.each([
    { raw: { plans: { default: { perUser: { budgetUSDPerDay: 3 } } } }, key: 'budgetUSDPerDay', guess: 'budgetUsdPerDay' },
    { raw: { cahce: {} }, key: 'cahce', guess: 'cache' },
    { raw: { models: { 'project-analysis': 'claude-sonnet-5-5' } }, key: 'project-analysis', guess: 'project_analysis' },
    { raw: { plans: { pro: { perOrganisation: {} } } }, key: 'perOrganisation', guess: 'perOrganization' },
    { raw: { prices: { m: { input: 1, output: 2, cacheWrite5M: 1 } } }, key: 'cacheWrite5M', guess: 'cacheWrite5m' },
  ])('suggests "$guess" for "$key"', ({ raw, key, guess }) => {
    expect(errorOf(() => parseConfig(raw)).message).toContain(`did you mean "${key}" → "${guess}"?`);
  });

  it('lists the keys allowed where the unknown one is, and says how to fix it', () => {
    const message = errorOf(() => parseConfig({ cache: { scope: 'global', size: 5 } }, 'skafu.yaml')).message;
    expect(message).toContain('unknown key(s) "size" at cache (allowed there: scope, ttlSeconds, memoryEntries)');
    expect(message).toContain('Rename or remove the unknown keys');
    expect(message).not.toContain('did you mean');
    const top = errorOf(() => parseConfig({ nonsense: true })).message;
    expect(top).toContain('allowed there: plans, organizations, models, prices, cache, maxTokens, timeoutSeconds, sanitize, validation, events');
  });

  it('finds the allowed keys under the named maps (a plan, an organisation, a price)', () => {
    expect(errorOf(() => parseConfig({ plans: { gold: { perUser: {}, limits: {} } } })).message)
      .toContain('"limits" at plans.gold (allowed there: perUser, perOrganization, maxRequestBytes)');
    expect(errorOf(() => parseConfig({ organizations: { acme: { plan: 'pro', tier: 1 } } })).message)
      .toContain('"tier" at organizations.acme (allowed there: plan)');
  });

  it('is a ConfigError with exit code 2', () => {
    const error = errorOf(() => parseConfig({ nope: 1 }));
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe('invalid_config');
  });
});

describe('null means unlimited', () => {
  it('for scalar limits of the user and the organisation', () => {
    const config = resolveConfig(parseConfig({
      plans: { default: { perUser: { tokensPerDay: null, budgetUsdPerDay: null, budgetUsdPerMonth: null, maxConcurrent: null, requestsPerMinute: null }, perOrganization: { budgetUsdPerDay: null } } },
    }));
    const plan = config.plans.default!;
    expect(plan.perUser).toMatchObject({ tokensPerDay: null, budgetMicroUsdPerDay: null, budgetMicroUsdPerMonth: null, maxConcurrent: null, requestsPerMinute: null });
    expect(plan.perOrganization.budgetMicroUsdPerDay).toBeNull();
  });

  it('for one operation, leaving the others at their defaults', () => {
    const config = resolveConfig(parseConfig({ plans: { default: { perUser: { requestsPerDay: { code_generation: null } } } } }));
    expect(config.plans.default!.perUser.requestsPerDay).toEqual({ project_analysis: 100, code_generation: null, architecture_review: 25, optimization_analysis: 25 });
  });

  it('for a whole per-operation map', () => {
    const config = resolveConfig(loadConfigFile(file('nolimits.yaml', 'plans:\n  default:\n    perUser:\n      requestsPerMonth: null\n')));
    expect(config.plans.default!.perUser.requestsPerMonth).toEqual({ project_analysis: null, code_generation: null, architecture_review: null, optimization_analysis: null });
    expect(config.plans.default!.perUser.requestsPerDay.project_analysis).toBe(100);
  });

  it('in a plan, overriding a limit its default plan sets', () => {
    const config = resolveConfig(parseConfig({
      plans: { default: { perUser: { budgetUsdPerDay: 5 } }, enterprise: { perUser: { budgetUsdPerDay: null, requestsPerDay: null } } },
    }));
    expect(config.plans.default!.perUser.budgetMicroUsdPerDay).toBe(5 * USD);
    expect(config.plans.enterprise!.perUser.budgetMicroUsdPerDay).toBeNull();
    expect(config.plans.enterprise!.perUser.requestsPerDay.project_analysis).toBeNull();
  });

  it('differs from zero, which allows nothing', () => {
    const config = resolveConfig(parseConfig({ plans: { default: { perUser: { budgetUsdPerDay: 0, requestsPerDay: { project_analysis: 0 } } } } }));
    expect(config.plans.default!.perUser.budgetMicroUsdPerDay).toBe(0);
    expect(config.plans.default!.perUser.requestsPerDay.project_analysis).toBe(0);
  });
});

describe('plans inherit from default', () => {
  const config = resolveConfig(parseConfig({
    plans: {
      default: {
        perUser: { budgetUsdPerDay: 20, requestsPerDay: { project_analysis: 10 } },
        perOrganization: { budgetUsdPerMonth: 1000 },
        maxRequestBytes: 100_000,
      },
      pro: {
        perUser: { requestsPerDay: { code_generation: 500 }, maxConcurrent: 8 },
        perOrganization: { budgetUsdPerDay: 250.5 },
      },
    },
    organizations: { acme: { plan: 'pro' }, initech: { plan: 'default' } },
  }));
  const pro = config.plans.pro!;

  it('takes what the plan states', () => {
    expect(pro.perUser.requestsPerDay.code_generation).toBe(500);
    expect(pro.perUser.maxConcurrent).toBe(8);
    expect(pro.perOrganization.budgetMicroUsdPerDay).toBe(250_500_000);
  });

  it('takes what the plan does not state from the configured default plan, key by key', () => {
    expect(pro.perUser.requestsPerDay.project_analysis).toBe(10);
    expect(pro.perUser.budgetMicroUsdPerDay).toBe(20 * USD);
    expect(pro.perOrganization.budgetMicroUsdPerMonth).toBe(1000 * USD);
    expect(pro.maxRequestBytes).toBe(100_000);
  });

  it('takes what neither states from the built-in defaults', () => {
    expect(pro.perUser.requestsPerDay.architecture_review).toBe(25);
    expect(pro.perUser.requestsPerMonth.project_analysis).toBe(2000);
    expect(pro.perUser.tokensPerDay).toBe(2_000_000);
    expect(pro.perUser.budgetMicroUsdPerMonth).toBe(100 * USD);
  });

  it('leaves the default plan untouched by the other plans', () => {
    expect(config.plans.default!.perUser.requestsPerDay.code_generation).toBe(50);
    expect(config.plans.default!.perUser.maxConcurrent).toBe(4);
  });

  it('gives each organisation its plan, and unlisted ones the default plan', () => {
    expect(planFor(config, 'acme').name).toBe('pro');
    expect(planFor(config, 'initech').name).toBe('default');
    expect(planFor(config, 'someone-else').name).toBe('default');
  });
});

describe('organisations and plans', () => {
  it('refuses an organisation whose plan is not defined, naming the organisation and the plan', () => {
    const error = errorOf(() => resolveConfig(parseConfig({ plans: { team: {} }, organizations: { acme: { plan: 'gold' } } })));
    expect(error.message).toContain('organizations.acme.plan');
    expect(error.message).toContain('"gold"');
    expect(error.message).toContain('team');
  });

  it('names the file of an undefined plan, the closest plan and how to fix it', () => {
    const path = file('plans.yaml', 'organizations:\n  acme: { plan: Pro }\n');
    const error = errorOf(() => loadConfigFromEnv({ SKAFU_AI_CONFIG: path }));
    expect(error.message).toContain(`Invalid ${path}: organizations.acme.plan names plan "Pro"`);
    expect(error.message).toContain('did you mean "pro"?');
    expect(error.message).toContain('Use one of default, free, pro, enterprise, or define "Pro" under `plans`.');
    expect(error.exitCode).toBe(2);
  });

  it('accepts the INTERFACE.md sample as written: free, pro and enterprise are built-in plans', () => {
    const path = file('builtin-pro.yaml', 'organizations:\n  acme: { plan: pro }\n  tiny: { plan: free }\n  big: { plan: enterprise }\n');
    const config = loadConfigFromEnv({ SKAFU_AI_CONFIG: path });
    expect(planFor(config, 'acme').perUser.requestsPerDay.project_analysis).toBe(500);
    expect(planFor(config, 'tiny').perUser.maxConcurrent).toBe(1);
    expect(planFor(config, 'big').perUser.budgetMicroUsdPerDay).toBe(200 * USD);
  });

  it('a plan in the config file replaces the built-in plan of the same name, inheriting from default', () => {
    const config = resolveConfig(parseConfig({ plans: { pro: { perUser: { budgetUsdPerDay: 7 } } }, organizations: { acme: { plan: 'pro' } } }));
    expect(planFor(config, 'acme').perUser.budgetMicroUsdPerDay).toBe(7 * USD);
    expect(planFor(config, 'acme').perUser.requestsPerDay.project_analysis).toBe(100);
  });

  it('planFor raises a ConfigError for a plan missing from a hand-built configuration', () => {
    const config = resolveConfig({});
    config.organizations.acme = 'missing';
    const error = errorOf(() => planFor(config, 'acme'));
    expect(error.message).toContain('"missing"');
  });
});

describe('prices', () => {
  it('parse every documented field in USD per million tokens', () => {
    const config = resolveConfig(loadConfigFile(file('prices.yaml', 'prices:\n  my-model: { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 }\n')));
    expect(config.priceOverrides).toEqual({ 'my-model': { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 } });
  });

  it('need only input and output', () => {
    expect(resolveConfig(parseConfig({ prices: { cheap: { input: 0.25, output: 1.25 } } })).priceOverrides).toEqual({ cheap: { input: 0.25, output: 1.25 } });
  });

  it.each([
    { why: 'a missing output price', price: { input: 1 }, at: 'prices.m.output' },
    { why: 'a negative price', price: { input: -1, output: 2 }, at: 'prices.m.input' },
    { why: 'a price given as text', price: { input: '3', output: 15 }, at: 'prices.m.input' },
  ])('refuse $why, naming $at', ({ price, at }) => {
    expect(errorOf(() => parseConfig({ prices: { m: price } })).message).toContain(at);
  });
});

describe('invalid values name where they are', () => {
  it.each([
    { why: 'a fractional request limit', raw: { plans: { default: { perUser: { requestsPerDay: { project_analysis: 1.5 } } } } }, at: 'plans.default.perUser.requestsPerDay.project_analysis' },
    { why: 'a negative budget', raw: { plans: { default: { perUser: { budgetUsdPerDay: -1 } } } }, at: 'plans.default.perUser.budgetUsdPerDay' },
    { why: 'a budget given as text', raw: { plans: { default: { perOrganization: { budgetUsdPerDay: 'ten' } } } }, at: 'plans.default.perOrganization.budgetUsdPerDay' },
    { why: 'an unknown cache scope', raw: { cache: { scope: 'user' } }, at: 'cache.scope' },
    { why: 'a zero timeout', raw: { timeoutSeconds: 0 }, at: 'timeoutSeconds' },
    { why: 'an empty model name', raw: { models: { project_analysis: '' } }, at: 'models.project_analysis' },
    { why: 'a webhook URL that is not a URL', raw: { events: { webhookUrl: 'not a url' } }, at: 'events.webhookUrl' },
    { why: 'an organisation without a plan', raw: { organizations: { acme: {} } }, at: 'organizations.acme.plan' },
    { why: 'a list instead of a mapping', raw: [1, 2], at: '(top level)' },
  ])('$why → $at', ({ raw, at }) => {
    expect(errorOf(() => parseConfig(raw)).message).toContain(at);
  });

  it.each([0, -5])('refuses maxTokens %s for any operation (Claude refuses max_tokens below 1), saying at least 1', (value) => {
    for (const op of ['project_analysis', 'code_generation', 'architecture_review', 'optimization_analysis']) {
      const message = errorOf(() => parseConfig({ maxTokens: { [op]: value } })).message;
      expect(message).toContain(`maxTokens.${op}: must be a whole number of at least 1`);
    }
  });

  it('accepts maxTokens of 1, and still refuses a fractional one', () => {
    expect(resolveConfig(parseConfig({ maxTokens: { project_analysis: 1 } })).maxTokens.project_analysis).toBe(1);
    expect(errorOf(() => parseConfig({ maxTokens: { code_generation: 1.5 } })).message).toContain('maxTokens.code_generation');
  });

  it.each([
    { why: 'a budget whose micro-dollars would not be exact', raw: { plans: { default: { perUser: { budgetUsdPerDay: 1e20 } } } }, at: 'plans.default.perUser.budgetUsdPerDay', says: 'write null for no limit' },
    { why: 'a positive budget below a micro-dollar, which would allow nothing', raw: { plans: { pro: { perOrganization: { budgetUsdPerMonth: 0.0000001 } } } }, at: 'plans.pro.perOrganization.budgetUsdPerMonth', says: 'at least 0.000001' },
    { why: 'a cache TTL beyond what dates hold', raw: { cache: { ttlSeconds: { project_analysis: 10_000_000_000_000 } } }, at: 'cache.ttlSeconds.project_analysis', says: '0 turns the cache off' },
    { why: 'a timeout Node\'s timers cannot hold (it would fire at once)', raw: { timeoutSeconds: 3_000_000 }, at: 'timeoutSeconds', says: 'at most 86400' },
    { why: 'a timeout below a millisecond', raw: { timeoutSeconds: 0.0001 }, at: 'timeoutSeconds', says: 'at least 0.001' },
  ])('refuses $why, naming $at and the range', ({ raw, at, says }) => {
    const message = errorOf(() => parseConfig(raw)).message;
    expect(message).toContain(`${at}: `);
    expect(message).toContain(says);
  });

  it.each([
    { why: 'a word where a budget goes', raw: { plans: { default: { perUser: { budgetUsdPerDay: 'unlimited' } } } }, says: 'plans.default.perUser.budgetUsdPerDay: must be a number of USD, or null for no limit' },
    { why: 'a negative budget', raw: { plans: { default: { perOrganization: { budgetUsdPerMonth: -5 } } } }, says: 'plans.default.perOrganization.budgetUsdPerMonth: must be 0 or more USD (0 allows nothing), or null for no limit' },
    { why: 'a fractional count', raw: { plans: { default: { perUser: { tokensPerDay: 1.5 } } } }, says: 'plans.default.perUser.tokensPerDay: must be a whole number, 0 or more (0 allows nothing), or null for no limit' },
    { why: 'a negative count', raw: { plans: { free: { perUser: { maxConcurrent: -1 } } } }, says: 'plans.free.perUser.maxConcurrent: must be a whole number, 0 or more' },
    { why: 'one number for every operation', raw: { plans: { default: { perUser: { requestsPerDay: 5 } } } }, says: 'plans.default.perUser.requestsPerDay: must give a limit per operation, e.g. { project_analysis: 100, code_generation: 50 }, or be null for no limit' },
    { why: 'a plan name without `plan:`', raw: { organizations: { acme: 'pro' } }, says: 'organizations.acme: must be { plan: <plan name> }' },
    { why: 'a price as text', raw: { prices: { m: { input: 1, output: 'x' } } }, says: 'prices.m.output: must be a number of USD per million tokens, 0 or more' },
    { why: 'a TTL as text', raw: { cache: { ttlSeconds: { project_analysis: '60' } } }, says: 'cache.ttlSeconds.project_analysis: must be a whole number of seconds, 0 or more (0 turns the cache off for the operation)' },
  ])('explains $why in words a user can act on', ({ raw, says }) => {
    expect(errorOf(() => parseConfig(raw)).message).toContain(says);
  });

  it('reports a negative budget once, as negative', () => {
    const message = errorOf(() => parseConfig({ plans: { default: { perUser: { budgetUsdPerDay: -1 } } } })).message;
    expect(message.match(/budgetUsdPerDay/g)).toHaveLength(1);
  });

  it('accepts the limits of those ranges', () => {
    const config = resolveConfig(parseConfig({
      plans: { default: { perUser: { budgetUsdPerDay: 1_000_000_000, budgetUsdPerMonth: 0.000001 } } },
      cache: { ttlSeconds: { project_analysis: 0, code_generation: 315_360_000 } },
      timeoutSeconds: 86_400,
    }));
    expect(config.plans.default!.perUser.budgetMicroUsdPerDay).toBe(1e15);
    expect(config.plans.default!.perUser.budgetMicroUsdPerMonth).toBe(1);
    expect(config.cache.ttlSeconds).toMatchObject({ project_analysis: 0, code_generation: 315_360_000 });
    expect(config.timeoutMs).toBe(86_400_000);
  });

  it('turns a timeout into whole milliseconds (the SDK refuses a fraction)', () => {
    expect(resolveConfig(parseConfig({ timeoutSeconds: 2.0005 })).timeoutMs).toBe(2001);
    expect(resolveConfig(parseConfig({ timeoutSeconds: 0.001 })).timeoutMs).toBe(1);
  });

  it('accepts fractional budgets and converts them exactly to micro-dollars', () => {
    const config = resolveConfig(parseConfig({ plans: { default: { perUser: { budgetUsdPerDay: 0.0001245, budgetUsdPerMonth: 19.99 } } } }));
    expect(config.plans.default!.perUser.budgetMicroUsdPerDay).toBe(125);
    expect(config.plans.default!.perUser.budgetMicroUsdPerMonth).toBe(19_990_000);
  });

  it('applies the remaining settings', () => {
    const config = resolveConfig(parseConfig({
      cache: { scope: 'global', ttlSeconds: { code_generation: 60 }, memoryEntries: 10 },
      maxTokens: { code_generation: 32000 },
      timeoutSeconds: 2.5,
      sanitize: { restorePersonalData: true },
      validation: { repair: false, maxFiles: 5 },
      events: { webhookUrl: 'https://hooks.example.com/skafu', eventBusName: 'skafu' },
    }));
    expect(config.cache).toEqual({ scope: 'global', ttlSeconds: { project_analysis: 3600, code_generation: 60, architecture_review: 3600, optimization_analysis: 3600 }, memoryEntries: 10 });
    expect(config.maxTokens).toEqual({ project_analysis: 8192, code_generation: 32000, architecture_review: 4096, optimization_analysis: 4096 });
    expect(config.timeoutMs).toBe(2500);
    expect(config.sanitize.restorePersonalData).toBe(true);
    expect(config.validation).toEqual({ repair: false, maxFiles: 5, maxFileBytes: 512 * 1024 });
    expect(config.events).toEqual({ webhookUrl: 'https://hooks.example.com/skafu', eventBusName: 'skafu' });
  });
});

describe('files that cannot be read or parsed', () => {
  it('explains invalid YAML in one line with its position and no stack', () => {
    const path = file('broken.yaml', 'plans:\n  default:\n    perUser: {\n      budgetUsdPerDay: 3\n  pro: [\n');
    const error = errorOf(() => loadConfigFile(path));
    expect(error.message).toMatch(new RegExp(`^The config file ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid YAML: .+ at line \\d+, column \\d+$`));
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toMatch(/\bat .+\.(js|ts):\d+/);
  });

  it('refuses duplicate YAML keys rather than keeping one silently', () => {
    const error = errorOf(() => loadConfigFile(file('dup.yaml', 'cache:\n  scope: global\ncache:\n  scope: organization\n')));
    expect(error.message).toContain('not valid YAML');
    expect(error.message).toMatch(/unique/i);
  });

  it('does not echo the rest of the file after a YAML error', () => {
    const error = errorOf(() => loadConfigFile(file('leak.yaml', 'events:\n  webhookSecret: do-not-echo-this-value\n  webhookUrl: [\n')));
    expect(error.message).not.toContain('do-not-echo-this-value');
  });

  it('explains invalid JSON in one line', () => {
    const path = file('broken.json', '{"plans": {,}}');
    const error = errorOf(() => loadConfigFile(path));
    expect(error.message).toContain(`The config file ${path} is not valid JSON: `);
    expect(error.message).not.toContain('\n');
  });

  it('names a missing file, its error code and the variable that pointed to it', () => {
    const path = join(dirs[0]!, 'absent.yaml');
    const error = errorOf(() => loadConfigFromEnv({ SKAFU_AI_CONFIG: path }));
    expect(error.message).toContain(path);
    expect(error.message).toContain('ENOENT');
    expect(error.message).toContain('SKAFU_AI_CONFIG');
  });
});
