import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { startFakeWebhook } from '../support/fake-webhook.js';

let fake: FakeAnthropic;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  dir = tempDir();
  writeFileSync(join(dir, 'config.yaml'), [
    'plans:',
    '  default:',
    '    perUser:',
    '      requestsPerDay: { project_analysis: 2 }',
  ].join('\n'));
  env = { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.url, SKAFU_AI_DB: join(dir, 'skafu.db'), SKAFU_AI_CONFIG: join(dir, 'config.yaml'), SKAFU_AI_ORG: 'acme', SKAFU_AI_USER: 'alice' };
});

function json<T = Record<string, unknown>>(stdout: string): T {
  return JSON.parse(stdout) as T;
}

function requirements(name: string): string {
  const path = join(dir, `${name}.md`);
  writeFileSync(path, `# ${name}\n\nA service that books rooms for ${name}.\n`);
  return path;
}

describe('quotas, budgets and the cache through the CLI', () => {
  it('refuses past the daily limit with exit 3, a message naming the limit and reset, and an AIUsageLimitExceeded event', async () => {
    const webhook = await startFakeWebhook();
    env = { ...env, SKAFU_AI_WEBHOOK_URL: webhook.url, SKAFU_AI_WEBHOOK_SECRET: 'test-secret' };
    expect((await runCli(['analyze', requirements('one'), '--json'], { env })).code).toBe(0);
    expect((await runCli(['analyze', requirements('two'), '--json'], { env })).code).toBe(0);
    const refused = await runCli(['analyze', requirements('three'), '--json'], { env });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('perUser.requestsPerDay.project_analysis = 2');
    expect(refused.stderr).toContain('2 used');
    expect(refused.stderr).toMatch(/resets at \d{4}-\d{2}-\d{2}T00:00:00\.000Z/);
    expect(json<{ error: { code: string } }>(refused.stdout).error.code).toBe('usage_limit_exceeded');
    expect(fake.messageCount()).toBe(2);

    const limitEvent = webhook.received.map((r) => JSON.parse(r.body) as { name: string; payload: Record<string, unknown> }).find((e) => e.name === 'AIUsageLimitExceeded');
    expect(limitEvent?.payload).toMatchObject({ operation: 'project_analysis', userId: 'alice', limit: 'perUser.requestsPerDay.project_analysis', limitValue: 2, current: 2 });
    expect(webhook.received.map((r) => (JSON.parse(r.body) as { name: string }).name)).toContain('AIAnalysisCompleted');

    const limits = await runCli(['limits', '--json'], { env });
    const row = json<{ limits: { limit: string; used: number; value: number; remaining: number; resetsAt: string }[] }>(limits.stdout).limits.find((l) => l.limit === 'perUser.requestsPerDay.project_analysis');
    expect(row).toMatchObject({ used: 2, value: 2, remaining: 0 });

    const usage = await runCli(['usage', '--json'], { env });
    expect(json<{ totalRequests: number; successfulRequests: number; refusedRequests: number }>(usage.stdout)).toMatchObject({ totalRequests: 2, successfulRequests: 2, refusedRequests: 1 });
    await webhook.close();
  });

  it('answers a repeated request from the cache at cost 0, also once the user is at the limit', async () => {
    const file = requirements('cached');
    const first = json<{ cached: boolean; costUsd: number }>((await runCli(['analyze', file, '--json'], { env })).stdout);
    expect(first).toMatchObject({ cached: false });
    expect(first.costUsd).toBeGreaterThan(0);
    expect((await runCli(['analyze', requirements('other'), '--json'], { env })).code).toBe(0);
    expect((await runCli(['analyze', requirements('third'), '--json'], { env })).code).toBe(3);

    const again = await runCli(['analyze', file, '--json'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(json(again.stdout)).toMatchObject({ cached: true, costUsd: 0, status: 'completed' });
    expect(fake.messageCount()).toBe(2);

    const noCache = await runCli(['analyze', file, '--json', '--no-cache'], { env });
    expect(noCache.code).toBe(3);

    const usage = json<{ cachedRequests: number; totalRequests: number }>((await runCli(['usage', '--json'], { env })).stdout);
    expect(usage).toMatchObject({ cachedRequests: 1, totalRequests: 3 });
  });

  it('keeps the cache per organisation', async () => {
    const file = requirements('shared');
    expect(json((await runCli(['analyze', file, '--json'], { env })).stdout)).toMatchObject({ cached: false });
    const otherOrg = await runCli(['analyze', file, '--json'], { env: { ...env, SKAFU_AI_ORG: 'globex' } });
    expect(json(otherOrg.stdout)).toMatchObject({ cached: false });
    const sameOrgOtherUser = await runCli(['analyze', file, '--json'], { env: { ...env, SKAFU_AI_USER: 'bob' } });
    expect(json(sameOrgOtherUser.stdout)).toMatchObject({ cached: true });
    expect(fake.messageCount()).toBe(2);
  });

  it('shows usage org-wide for every user of the organisation', async () => {
    await runCli(['analyze', requirements('a'), '--json'], { env });
    await runCli(['analyze', requirements('b'), '--json'], { env: { ...env, SKAFU_AI_USER: 'bob' } });
    const mine = json<{ totalRequests: number; totalCostUsd: number }>((await runCli(['usage', '--json'], { env })).stdout);
    const org = json<{ totalRequests: number; totalCostUsd: number; byOperation: Record<string, { totalRequests: number }>; byDay: { date: string; totalRequests: number }[] }>((await runCli(['usage', '--org-wide', '--json', '--days', '7'], { env })).stdout);
    expect(mine.totalRequests).toBe(1);
    expect(org.totalRequests).toBe(2);
    expect(org.totalCostUsd).toBeCloseTo(2 * mine.totalCostUsd, 9);
    expect(org.byOperation.project_analysis?.totalRequests).toBe(2);
    expect(org.byDay).toHaveLength(7);
    const human = await runCli(['usage', '--org-wide'], { env });
    expect(human.stdout).toContain('project_analysis');
  });
});
