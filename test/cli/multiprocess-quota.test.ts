import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';

let fake: FakeAnthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic({ latencyMs: 20, recordRequests: false });
});
afterAll(async () => {
  await fake.close();
});

describe('quotas across processes sharing one SQLite file', () => {
  it('60 concurrent CLI processes with a limit of 25: exactly 25 reach the model, 35 exit 3', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.yaml'), [
      'plans:',
      '  default:',
      '    perUser:',
      '      requestsPerDay: { project_analysis: 25 }',
      '      maxConcurrent: null',
      '      requestsPerMinute: null',
    ].join('\n'));
    writeFileSync(join(dir, 'requirements.md'), '# Bookings\n\nRooms are booked by guests; hosts confirm.\n');
    const env = { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.url, SKAFU_AI_DB: join(dir, 'skafu.db'), SKAFU_AI_CONFIG: join(dir, 'config.yaml') };
    expect((await runCli(['store', 'init'], { env })).code).toBe(0);

    const runs = await Promise.all(Array.from({ length: 60 }, () => runCli(['analyze', join(dir, 'requirements.md'), '--no-cache', '--json'], { env, timeoutMs: 240_000 })));
    const codes = runs.map((r) => r.code);
    const unexpected = runs.filter((r) => r.code !== 0 && r.code !== 3);
    expect(unexpected.map((r) => r.stderr)).toEqual([]);
    expect(codes.filter((c) => c === 0)).toHaveLength(25);
    expect(codes.filter((c) => c === 3)).toHaveLength(35);
    expect(fake.messageCount()).toBe(25);

    const usage = await runCli(['usage', '--json'], { env });
    expect(JSON.parse(usage.stdout)).toMatchObject({ totalRequests: 25, successfulRequests: 25, refusedRequests: 35 });
  }, 300_000);
});
