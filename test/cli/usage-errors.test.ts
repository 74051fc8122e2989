import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../support/cli.js';

describe('usage errors of the CLI', () => {
  it('a missing command is bad usage: help on stderr, exit 2', async () => {
    for (const args of [[], ['keys'], ['store']]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('Usage: skafu-ai');
      expect(run.stdout).toBe('');
    }
  });

  it('an unknown option is bad usage, and with --json the error is also a JSON object on stdout', async () => {
    const human = await runCli(['analyze', 'examples/requirements.md', '--bogus']);
    expect(human).toMatchObject({ code: 2, stdout: '' });
    expect(human.stderr).toContain("unknown option '--bogus'");
    const machine = await runCli(['analyze', 'examples/requirements.md', '--bogus', '--json']);
    expect(machine.code).toBe(2);
    expect(JSON.parse(machine.stdout)).toEqual({ error: { code: 'invalid_input', message: "unknown option '--bogus'" } });
  });

  it('help and version asked for are not errors', async () => {
    for (const args of [['--help'], ['keys', '--help'], ['--version']]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).not.toBe('');
    }
  });

  it('environment switches with a value they do not know are configuration errors, not ignored', async () => {
    const db = { SKAFU_AI_DB: join(tempDir(), 'skafu.db') };
    const yes = await runCli(['analyze', 'examples/requirements.md', '--json'], { env: { ...db, SKAFU_AI_SIMULATE: 'yes' } });
    expect(yes.code, yes.stderr).toBe(0);
    expect(JSON.parse(yes.stdout)).toMatchObject({ model: 'simulated' });
    const maybe = await runCli(['analyze', 'examples/requirements.md'], { env: { ...db, SKAFU_AI_SIMULATE: 'maybe' } });
    expect(maybe.code).toBe(2);
    expect(maybe.stderr).toContain('SKAFU_AI_SIMULATE must be 1 (or true, yes, on)');
    const log = await runCli(['analyze', 'examples/requirements.md', '--simulate'], { env: { ...db, SKAFU_AI_LOG: 'verbose' } });
    expect(log.code).toBe(2);
    expect(log.stderr).toContain('SKAFU_AI_LOG must be one of trace, debug, info, warn, error, fatal, silent; got "verbose"');
  });

  it('a half-configured or non-HTTP webhook is refused before the model command runs (exit 2), not after', async () => {
    const dir = tempDir();
    const db = { SKAFU_AI_DB: join(dir, 'skafu.db') };
    const noSecret = await runCli(['analyze', 'examples/requirements.md', '--simulate', '--json'], { env: { ...db, SKAFU_AI_WEBHOOK_URL: 'https://hooks.example.com/skafu' } });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('A webhook URL is configured without a secret');
    expect(JSON.parse(noSecret.stdout)).toMatchObject({ error: { code: 'invalid_config' } });
    const ftp = await runCli(['analyze', 'examples/requirements.md', '--simulate'], { env: { ...db, SKAFU_AI_WEBHOOK_URL: 'ftp://hooks.example.com/skafu', SKAFU_AI_WEBHOOK_SECRET: 'whsec' } });
    expect(ftp.code).toBe(2);
    expect(ftp.stderr).toContain('must be an http:// or https:// address');
    const listed = await runCli(['list', '--json'], { env: db });
    expect(JSON.parse(listed.stdout)).toMatchObject({ items: [] });
  });
});

describe('a store path that cannot be created', () => {
  it.each([
    ['below a file', () => { const file = join(tempDir(), 'file'); writeFileSync(file, 'x'); return join(file, 'skafu.db'); }, 'SQLITE_CANTOPEN'],
    ['under /proc, where recursive mkdir would spin for ever', () => '/proc/no-such-dir/skafu.db', 'ENOENT'],
  ])('%s: fails at once with exit 4, saying what to check', async (_name, path, code) => {
    const run = await runCli(['usage', '--json'], { env: { SKAFU_AI_DB: path() }, timeoutMs: 15_000 });
    expect(run.code).toBe(4);
    const error = (JSON.parse(run.stdout) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('store_unavailable');
    expect(error.message).toContain('SKAFU_AI_DB');
    expect(error.message).toContain(`(${code}: `);
    expect(error.message).not.toContain(`${code}: ${code}`);
  });
});
