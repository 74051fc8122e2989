import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

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
});
