import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/load-config.js';
import { limitName, quotaCounters } from './quota-counters.js';
import { refusalFor } from './refusal.js';

const config = resolveConfig({ plans: { default: { perUser: { requestsPerDay: { project_analysis: 25 } } } } });
const plan = config.plans.default;
if (!plan) throw new Error('default plan missing');
const identity = { orgId: 'acme', userId: 'alice' };
const now = new Date('2026-11-25T18:30:00.000Z');
const counters = quotaCounters({ identity, operation: 'project_analysis', limits: { user: plan.perUser, organization: plan.perOrganization }, amounts: { requests: 1, tokens: 9000, microUsd: 120_000, concurrent: 1 }, now });

describe('quota counters', () => {
  it('touch every limit of the user and of the organisation', () => {
    expect(counters.map(limitName).sort()).toEqual([
      'perOrganization.budgetUsdPerDay', 'perOrganization.budgetUsdPerMonth', 'perOrganization.maxConcurrent',
      'perOrganization.requestsPerDay.project_analysis', 'perOrganization.requestsPerMinute', 'perOrganization.requestsPerMonth.project_analysis',
      'perOrganization.tokensPerDay',
      'perUser.budgetUsdPerDay', 'perUser.budgetUsdPerMonth', 'perUser.maxConcurrent',
      'perUser.requestsPerDay.project_analysis', 'perUser.requestsPerMinute', 'perUser.requestsPerMonth.project_analysis',
      'perUser.tokensPerDay',
    ]);
  });

  it('key windows by UTC day, calendar month and minute, with the reset at the next boundary', () => {
    const daily = counters.find((c) => limitName(c) === 'perUser.requestsPerDay.project_analysis');
    expect(daily).toMatchObject({ key: 'u:acme:alice|req|project_analysis|d:2026-11-25', limit: 25, amount: 1 });
    expect(daily?.resetsAt?.toISOString()).toBe('2026-11-26T00:00:00.000Z');
    const monthly = counters.find((c) => limitName(c) === 'perUser.budgetUsdPerMonth');
    expect(monthly).toMatchObject({ key: 'u:acme:alice|usd|m:2026-11', limit: 100_000_000, amount: 120_000 });
    expect(monthly?.resetsAt?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    const minute = counters.find((c) => limitName(c) === 'perUser.requestsPerMinute');
    expect(minute?.key).toBe('u:acme:alice|rpm|2026-11-25T18:30');
    expect(minute?.resetsAt?.toISOString()).toBe('2026-11-25T18:31:00.000Z');
  });

  it('escape identities so one organisation cannot share another one’s counters', () => {
    const tricky = quotaCounters({ identity: { orgId: 'a|b', userId: 'c' }, operation: 'project_analysis', limits: { user: plan.perUser, organization: plan.perOrganization }, amounts: { requests: 1, tokens: 0, microUsd: 0, concurrent: 1 }, now });
    expect(tricky[0]?.key.startsWith('u:a%7Cb:c|')).toBe(true);
  });

  it('keep unlimited limits as counters with a null limit', () => {
    const orgTokens = counters.find((c) => limitName(c) === 'perOrganization.tokensPerDay');
    expect(orgTokens).toMatchObject({ limit: null, amount: 9000 });
  });

  it('refusals name the limit, its value, current use and the reset', () => {
    const daily = counters.find((c) => limitName(c) === 'perUser.requestsPerDay.project_analysis');
    if (!daily) throw new Error('missing counter');
    const error = refusalFor(daily, 25, identity, now);
    expect(error.message).toContain('perUser.requestsPerDay.project_analysis = 25');
    expect(error.message).toContain('25 used');
    expect(error.message).toContain('2026-11-26T00:00:00.000Z');
    expect(error.exitCode).toBe(3);
    expect(error.retryAfterSeconds).toBe(5.5 * 3600);
    expect(error.breach).toMatchObject({ limit: 'perUser.requestsPerDay.project_analysis', value: 25, current: 25, scope: 'user' });
  });

  it('budget refusals speak dollars; a budget used up says it is reached', () => {
    const budget = counters.find((c) => limitName(c) === 'perUser.budgetUsdPerDay');
    if (!budget) throw new Error('missing counter');
    const error = refusalFor(budget, 10_000_000, identity, now, { operation: 'project_analysis', maxTokens: 8192 });
    expect(error.message).toContain('daily budget of user "alice" of organisation "acme" is reached');
    expect(error.message).toContain('perUser.budgetUsdPerDay = $10.0000');
    expect(error.message).toContain('$10.0000 used or reserved by requests in progress (this request needs up to $0.1200)');
    expect(error.breach).toMatchObject({ value: 10, current: 10, unit: 'usd' });
  });

  it('a budget with room left, but not for this call\'s worst case, says so with the numbers and how to shrink the call', () => {
    const budget = counters.find((c) => limitName(c) === 'perUser.budgetUsdPerDay');
    if (!budget) throw new Error('missing counter');
    const error = refusalFor(budget, 9_950_000, identity, now, { operation: 'project_analysis', maxTokens: 8192 });
    expect(error.message).not.toContain('is reached');
    expect(error.message).toContain('this call\'s worst-case cost of $0.1200 (its input and up to 8192 output tokens) would exceed what is left of the daily budget of user "alice" of organisation "acme"');
    expect(error.message).toContain('perUser.budgetUsdPerDay = $10.0000, $9.9500 used or reserved by requests in progress, $0.0500 left');
    expect(error.message).toContain('lower `maxTokens.project_analysis` in the config file');
    expect(error.message).toContain('2026-11-26T00:00:00.000Z');
    expect(error.breach).toEqual({ limit: 'perUser.budgetUsdPerDay', scope: 'user', value: 10, current: 9.95, unit: 'usd', resetsAt: '2026-11-26T00:00:00.000Z' });
    expect(error.retryAfterSeconds).toBe(5.5 * 3600);
  });

  it('a budget of $0.01 with nothing used refuses a call that could cost more as not fitting, not as reached', () => {
    const tight = resolveConfig({ plans: { default: { perUser: { budgetUsdPerDay: 0.01 } } } }).plans.default;
    if (!tight) throw new Error('default plan missing');
    const [budget] = quotaCounters({ identity, operation: 'code_generation', limits: { user: tight.perUser, organization: tight.perOrganization }, amounts: { requests: 1, tokens: 17_584, microUsd: 166_240, concurrent: 1 }, now })
      .filter((c) => limitName(c) === 'perUser.budgetUsdPerDay');
    if (!budget) throw new Error('missing counter');
    const error = refusalFor(budget, 0, identity, now, { operation: 'code_generation', maxTokens: 16_384 });
    expect(error.message).not.toContain('is reached');
    expect(error.message).toContain('worst-case cost of $0.1662 (its input and up to 16384 output tokens) would exceed');
    expect(error.message).toContain('perUser.budgetUsdPerDay = $0.0100, $0.0000 used or reserved by requests in progress, $0.0100 left');
    expect(error.message).toMatch(/Raise the limit under `plans` in the config file, lower `maxTokens\.code_generation` in the config file, or wait for the reset\.$/);
    expect(error.breach).toMatchObject({ value: 0.01, current: 0, unit: 'usd' });
  });

  it('a token limit with room left, but not for this call, names the tokens', () => {
    const tokens = counters.find((c) => limitName(c) === 'perUser.tokensPerDay');
    if (!tokens) throw new Error('missing counter');
    const limit = tokens.limit ?? 0;
    const error = refusalFor(tokens, limit - 100, identity, now, { operation: 'project_analysis', maxTokens: 8192 });
    expect(error.message).toContain('this call\'s worst case of 9000 tokens (its input and up to 8192 output tokens) would exceed what is left of the daily token limit');
    expect(error.message).toContain(`${limit - 100} used or reserved by requests in progress, 100 left`);
    expect(refusalFor(tokens, limit, identity, now).message).toContain('daily token limit of user "alice" of organisation "acme" is reached');
  });
});
