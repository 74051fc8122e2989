import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerSanitizeCommand } from '../../src/cli/commands/sanitize.js';
import type { CliRuntime } from '../../src/cli/runtime.js';
import { InvalidInputError } from '../../src/domain/errors.js';

const SECRET = 'hunter2xyz';
const EMAIL = 'alice.smith@acme-corp.io';

interface Run {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
  error: unknown;
}

/** Runs `skafu-ai sanitize ...` through the real command on in-memory streams; no store, no model. */
async function runSanitize(args: string[], stdin = '', cwd = tmpdir()): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  let exitCode: number | undefined;
  const unavailable = (what: string) => () => {
    throw new Error(`sanitize must not use ${what}`);
  };
  const runtime: CliRuntime = {
    io: { stdin: Readable.from([stdin]), stdout, stderr, env: {}, cwd },
    clock: { now: unavailable('the clock') } as unknown as CliRuntime['clock'],
    config: unavailable('the config'),
    identity: unavailable('the identity'),
    store: unavailable('the store'),
    app: unavailable('the model'),
    setExitCode: (code) => {
      exitCode = code;
    },
    color: false,
  };
  const program = new Command('skafu-ai').exitOverride();
  registerSanitizeCommand(program, runtime);
  let error: unknown;
  try {
    await program.parseAsync(['sanitize', ...args], { from: 'user' });
  } catch (e) {
    error = e;
  }
  await new Promise((resolve) => setImmediate(resolve));
  return { stdout: out.join(''), stderr: err.join(''), exitCode, error };
}

describe('skafu-ai sanitize', () => {
  it('prints the sanitized text of a file and a summary of types on stderr, never the values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skafu-sanitize-'));
    writeFileSync(join(dir, 'app.env'), `DB_PASSWORD=${SECRET}\nOWNER=${EMAIL}\nPORT=8080\n`);
    const run = await runSanitize(['app.env'], '', dir);
    expect(run.error).toBeUndefined();
    expect(run.stdout).toBe('DB_PASSWORD=[[PASSWORD_1]]\nOWNER=[[EMAIL_1]]\nPORT=8080\n');
    expect(run.stderr).toBe('sanitize: redacted 2 span(s): email ×1, password ×1\n');
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it('reads standard input for - and when no file is given', async () => {
    for (const args of [['-'], []]) {
      const run = await runSanitize(args, `token: "${SECRET}"`);
      expect(run.stdout).toBe('token: "[[GENERIC_SECRET_1]]"');
    }
  });

  it('--json prints {text, findings} with offsets into the original text', async () => {
    const input = `mail ${EMAIL}`;
    const run = await runSanitize(['--json'], input);
    const parsed = JSON.parse(run.stdout) as { text: string; findings: Array<{ type: string; start: number; end: number; placeholder: string }> };
    expect(parsed).toEqual({ text: 'mail [[EMAIL_1]]', findings: [{ type: 'email', start: 5, end: 5 + EMAIL.length, placeholder: '[[EMAIL_1]]' }] });
    expect(run.stderr).toBe('');
  });

  it('says that nothing was found', async () => {
    const run = await runSanitize([], 'plain text');
    expect(run.stdout).toBe('plain text');
    expect(run.stderr).toBe('sanitize: nothing to redact\n');
  });

  it('fails with exit 2 and a clear message for a missing file', async () => {
    const run = await runSanitize(['does-not-exist.txt']);
    expect(run.error).toBeInstanceOf(InvalidInputError);
    expect((run.error as InvalidInputError).exitCode).toBe(2);
    expect((run.error as Error).message).toContain('does-not-exist.txt');
    expect(run.stdout).toBe('');
  });

  it('--jsonl streams one sanitized record per input line, placeholders numbered per record', async () => {
    const lines = [
      JSON.stringify({ id: 'a', text: `DB_PASSWORD=${SECRET}` }),
      '',
      JSON.stringify({ id: 2, text: `mail ${EMAIL}` }),
      JSON.stringify({ text: 'nothing here' }),
    ].join('\n');
    const run = await runSanitize(['--jsonl'], `${lines}\n`);
    const out = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(out).toEqual([
      { id: 'a', text: 'DB_PASSWORD=[[PASSWORD_1]]', findings: [{ type: 'password', start: 12, end: 22, placeholder: '[[PASSWORD_1]]' }] },
      { id: 2, text: 'mail [[EMAIL_1]]', findings: [{ type: 'email', start: 5, end: 5 + EMAIL.length, placeholder: '[[EMAIL_1]]' }] },
      { id: null, text: 'nothing here', findings: [] },
    ]);
    expect(run.exitCode).toBeUndefined();
  });

  it('--jsonl stops at a bad line with exit 2, names the line, keeps what was written and never echoes the line', async () => {
    const lines = [JSON.stringify({ id: 1, text: 'ok' }), `{"id": 2, "text": "DB_PASSWORD=${SECRET}"`, JSON.stringify({ id: 3, text: 'later' })].join('\n');
    const run = await runSanitize(['--jsonl'], lines);
    expect(run.exitCode).toBe(2);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toEqual({ id: 1, text: 'ok', findings: [] });
    expect(run.stderr).toMatch(/line 2 .*not valid JSON/);
    expect(run.stderr).not.toContain(SECRET);
  });

  it('--jsonl reads the lines from a file argument when one is given, and refuses a path it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skafu-jsonl-'));
    writeFileSync(join(dir, 'records.jsonl'), `${JSON.stringify({ id: 'f', text: `mail ${EMAIL}` })}\n`);
    const run = await runSanitize(['records.jsonl', '--jsonl'], JSON.stringify({ id: 'stdin', text: 'not this one' }), dir);
    expect(run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string }).map((r) => r.id)).toEqual(['f']);
    expect(run.stdout).not.toContain(EMAIL);
    for (const missing of ['nope.jsonl', '.']) {
      const failed = await runSanitize([missing, '--jsonl'], '', dir);
      expect(failed.error).toBeInstanceOf(InvalidInputError);
      expect((failed.error as Error).message).toContain(`Cannot read the JSON lines file "${missing}"`);
    }
  });

  it('--jsonl refuses a record without a string text', async () => {
    const run = await runSanitize(['--jsonl'], '{"id": 1, "text": 42}\n');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('line 1 of the input has no string "text" field');
    expect(run.stdout).toBe('');
  });
});
