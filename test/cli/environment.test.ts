import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { jsonError, runCli, tempDir } from '../support/cli.js';

let dir: string;
let db: Record<string, string>;

beforeEach(() => {
  dir = tempDir('skafu-ai-env-');
  db = { SKAFU_AI_DB: join(dir, 'skafu.db') };
});

describe('every command that uses the store refuses a bad environment, not only the model commands', () => {
  it('a config file with an unknown key: usage, limits, list, keys and store init exit 2 naming the key', async () => {
    const config = join(dir, 'skafu.yaml');
    writeFileSync(config, 'cache:\n  ttlSecond: { project_analysis: 60 }\n');
    for (const args of [['usage'], ['limits'], ['list'], ['keys', 'list'], ['store', 'init']]) {
      const run = await runCli([...args, '--json'], { env: { ...db, SKAFU_AI_CONFIG: config } });
      expect(run.code, args.join(' ')).toBe(2);
      expect(jsonError(run.stdout)).toMatchObject({ code: 'invalid_config' });
      expect(jsonError(run.stdout).message).toContain('unknown key(s) "ttlSecond" at cache');
      expect(run.stderr).toContain('ttlSecond');
    }
  });

  it('a config file that is missing: usage exits 2 naming it', async () => {
    const run = await runCli(['usage'], { env: { ...db, SKAFU_AI_CONFIG: join(dir, 'absent.yaml') } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('absent.yaml');
  });

  it('an unknown SKAFU_AI_LOG or SKAFU_AI_SIMULATE value: usage and limits exit 2 naming the variable', async () => {
    const log = await runCli(['usage'], { env: { ...db, SKAFU_AI_LOG: 'loud' } });
    expect(log.code).toBe(2);
    expect(log.stderr).toContain('SKAFU_AI_LOG must be one of');
    const simulate = await runCli(['limits', '--json'], { env: { ...db, SKAFU_AI_SIMULATE: 'maybe' } });
    expect(simulate.code).toBe(2);
    expect(jsonError(simulate.stdout).message).toContain('SKAFU_AI_SIMULATE must be 1');
  });

  it('the offline tools need no configuration and still work beside a broken one', async () => {
    const config = join(dir, 'broken.yaml');
    writeFileSync(config, 'nope: 1\n');
    const run = await runCli(['sanitize', '-'], { env: { ...db, SKAFU_AI_CONFIG: config, SKAFU_AI_LOG: 'loud' }, stdin: 'mail jane@example.com\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('[[EMAIL_1]]');
  });
});
