import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliRun } from './support/cli.js';
import { startDynalite, type RunningDynalite } from './support/dynalite.js';
import { startFakeAnthropic, type FakeAnthropic } from './support/fake-anthropic.js';

const PROCESSES = 30;
const LIMIT = 10;

/**
 * Issue 7 item 3: quotas stay exact across processes on DynamoDB. Thirty CLI processes (the built
 * `bin/skafu-ai.js`, `npm run build`) share one table with a daily limit of 10 analyses per user;
 * exactly 10 reach the model and 20 are refused with exit 3.
 */
describe(`${PROCESSES} CLI processes on one DynamoDB table`, () => {
  let dynalite: RunningDynalite;
  let fake: FakeAnthropic;
  let env: Record<string, string>;

  beforeAll(async () => {
    dynalite = await startDynalite();
    fake = await startFakeAnthropic();
    const dir = tempDir('skafu-ai-dynamo-mp-');
    const config = join(dir, 'config.json');
    // Only the daily request limit binds: concurrency, rate and budget limits are lifted so the
    // outcome depends on the request counter alone.
    writeFileSync(config, JSON.stringify({
      plans: {
        default: {
          perUser: { requestsPerDay: { project_analysis: LIMIT }, maxConcurrent: null, requestsPerMinute: null, budgetUsdPerDay: null, budgetUsdPerMonth: null },
          perOrganization: { budgetUsdPerDay: null, budgetUsdPerMonth: null, maxConcurrent: null, requestsPerMinute: null },
        },
      },
    }));
    env = {
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      SKAFU_AI_STORE: 'dynamodb',
      SKAFU_AI_DYNAMODB_TABLE: 'skafu-multiprocess',
      SKAFU_AI_CONFIG: config,
      SKAFU_AI_ORG: 'org-mp',
      SKAFU_AI_USER: 'user-mp',
      ANTHROPIC_BASE_URL: fake.url,
      ANTHROPIC_API_KEY: 'test',
    };
  });

  afterAll(async () => {
    await fake?.close();
    await dynalite?.close();
  });

  it(`admits exactly ${LIMIT}: ${LIMIT} upstream calls, the other ${PROCESSES - LIMIT} refused with exit 3`, async () => {
    const init = await runCli(['store', 'init', '--json'], { env });
    expect(init.code, init.stderr).toBe(0);

    const runs: CliRun[] = await Promise.all(Array.from({ length: PROCESSES }, () => (
      runCli(['analyze', 'examples/requirements.md', '--no-cache', '--json'], { env, timeoutMs: 180_000 })
    )));

    const codes = runs.map((r) => r.code);
    const unexpected = runs.filter((r) => r.code !== 0 && r.code !== 3);
    expect(unexpected.map((r) => r.stderr || r.stdout), 'every process either succeeds or is refused').toEqual([]);
    expect(codes.filter((c) => c === 0)).toHaveLength(LIMIT);
    expect(codes.filter((c) => c === 3)).toHaveLength(PROCESSES - LIMIT);
    expect(fake.messageCount()).toBe(LIMIT);
    for (const refused of runs.filter((r) => r.code === 3)) expect(refused.stdout + refused.stderr).toMatch(/project_analysis/);

    const usage = await runCli(['usage', '--json'], { env });
    expect(usage.code, usage.stderr).toBe(0);
    expect(JSON.parse(usage.stdout)).toMatchObject({ successfulRequests: LIMIT });
  }, 300_000);
});
