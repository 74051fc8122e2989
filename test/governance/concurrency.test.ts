import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAIIntegrationFromEnv, type Runtime } from '../../src/app/bootstrap.js';
import { UsageLimitExceededError } from '../../src/domain/errors.js';
import { tempDir } from '../support/cli.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';

let fake: FakeAnthropic;
let runtime: Runtime;
const alice = { orgId: 'acme', userId: 'alice' };

async function open(configYaml: string): Promise<Runtime> {
  const dir = tempDir();
  writeFileSync(join(dir, 'config.yaml'), configYaml);
  return createAIIntegrationFromEnv({ ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.url, SKAFU_AI_DB: join(dir, 'skafu.db'), SKAFU_AI_CONFIG: join(dir, 'config.yaml'), SKAFU_AI_LOG: 'silent' });
}

beforeAll(async () => {
  fake = await startFakeAnthropic({ latencyMs: 30 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

describe('governance under concurrency (library API)', () => {
  it('20 concurrent calls never spend more than a $0.05 daily budget', async () => {
    runtime = await open('plans:\n  default:\n    perUser:\n      budgetUsdPerDay: 0.05\n      maxConcurrent: null\n      requestsPerMinute: null\n');
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => runtime.app.analyze(alice, { analysisType: 'requirements', input: { requirements: `Service number ${i} books rooms.` } })));
    const completed = outcomes.filter((o) => o.status === 'fulfilled' && o.value.status === 'completed');
    const refused = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof UsageLimitExceededError);
    expect(completed.length + refused.length).toBe(20);
    expect(completed.length).toBeGreaterThanOrEqual(2);
    const usage = await runtime.app.usage(alice, { days: 1, orgWide: false });
    expect(usage.totalCostUsd).toBeLessThanOrEqual(0.05);
    expect(usage.totalCostUsd).toBeCloseTo(completed.length * 0.0104, 9);
    expect(fake.messageCount()).toBe(completed.length);
    const refusal = refused[0];
    if (refusal?.status === 'rejected') expect((refusal.reason as Error).message).toMatch(/budget/);
    const limits = await runtime.app.limits(alice);
    const budget = limits.limits.find((l) => l.limit === 'perUser.budgetUsdPerDay');
    expect(budget?.used).toBeCloseTo(usage.totalCostUsd, 9);
    await runtime.app.close();
  });

  it('lowers max_tokens to what the remaining budget covers instead of refusing', async () => {
    runtime = await open('plans:\n  default:\n    perUser:\n      budgetUsdPerDay: 0.03\n');
    const result = await runtime.app.analyze(alice, { analysisType: 'requirements', input: { requirements: 'A small booking service.' } });
    expect(result.status).toBe('completed');
    const maxTokens = (fake.requests[0]?.body as unknown as { max_tokens: number }).max_tokens;
    expect(maxTokens).toBeLessThan(8192);
    expect(maxTokens).toBeGreaterThanOrEqual(1024);
    await runtime.app.close();
  });

  it('a $0.01 daily budget with nothing used refuses a call whose worst case does not fit as not fitting, not as reached', async () => {
    runtime = await open('plans:\n  default:\n    perUser:\n      budgetUsdPerDay: 0.01\n');
    const error = await runtime.app.analyze(alice, { analysisType: 'requirements', input: { requirements: 'A small booking service.' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageLimitExceededError);
    const refusal = error as UsageLimitExceededError;
    expect(refusal.message).not.toContain('is reached');
    expect(refusal.message).toMatch(/^Refused: this call's worst-case cost of \$0\.\d{4} \(its input and up to 8192 output tokens\) would exceed what is left of the daily budget/);
    expect(refusal.message).toContain('perUser.budgetUsdPerDay = $0.0100, $0.0000 used or reserved by requests in progress, $0.0100 left');
    expect(refusal.message).toContain('lower `maxTokens.project_analysis` in the config file, or wait for the reset');
    expect(refusal.breach).toMatchObject({ limit: 'perUser.budgetUsdPerDay', scope: 'user', value: 0.01, current: 0, unit: 'usd' });
    expect(fake.messageCount()).toBe(0);
    await runtime.app.close();
  });

  it('concurrent identical misses in one process make one upstream call', async () => {
    runtime = await open('{}');
    const request = { analysisType: 'requirements' as const, input: { requirements: 'Identical request text.' } };
    const results = await Promise.all(Array.from({ length: 8 }, () => runtime.app.analyze(alice, request)));
    expect(fake.messageCount()).toBe(1);
    expect(results.filter((r) => !r.cached)).toHaveLength(1);
    expect(results.filter((r) => r.cached && r.costUsd === 0)).toHaveLength(7);
    expect(new Set(results.map((r) => r.id)).size).toBe(8);
    await runtime.app.close();
  });
});
