import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerValidateCommand } from '../../src/cli/commands/validate.js';
import type { CliRuntime } from '../../src/cli/runtime.js';
import type { ValidationReport } from '../../src/domain/validation-result.js';

interface Run {
  stdout: string;
  stderr: string;
  exitCode: number;
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks).toString('utf8');
}

async function runValidate(args: string[], options: { cwd: string; color?: boolean }): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  let exitCode = 0;
  const unused = (): never => {
    throw new Error('validate must not need the store, the model or the config');
  };
  const runtime: CliRuntime = {
    io: { stdin: new PassThrough(), stdout, stderr, env: {}, cwd: options.cwd },
    clock: { now: () => new Date('2026-01-01T00:00:00Z') } as CliRuntime['clock'],
    config: unused,
    identity: unused,
    store: unused,
    app: unused,
    setExitCode: (code) => { exitCode = code; },
    color: options.color ?? false,
  };
  const program = new Command('skafu-ai').exitOverride();
  registerValidateCommand(program, runtime);
  await program.parseAsync(['validate', ...args], { from: 'user' });
  return { stdout: out(), stderr: err(), exitCode };
}

function bundle(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'skafu-validate-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const VULNERABLE = { 'src/app.py': 'import os\n\ndef handler(event, context):\n    os.system("echo " + event["name"])\n' };
const CLEAN = { 'src/app.py': 'import json\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": json.dumps({"ok": True})}\n', 'requirements.txt': 'boto3==1.34.100\n' };

describe('skafu-ai validate', () => {
  it('prints the ValidationReport with --json and exits 1 when a finding is an error', async () => {
    const dir = bundle(VULNERABLE);
    const run = await runValidate([dir, '--json'], { cwd: tmpdir() });
    const report = JSON.parse(run.stdout) as ValidationReport;
    expect(report.valid).toBe(false);
    expect(report.files).toEqual([{ fileName: 'src/app.py', isValid: false, language: 'python', errors: [expect.stringContaining('CWE-78')], warnings: [], metrics: { linesOfCode: 3, complexity: 1 } }]);
    expect(report.findings[0]).toMatchObject({ file: 'src/app.py', line: 4, column: 5, category: 'CWE-78', severity: 'error', ruleId: 'security/command-injection' });
    expect(run.exitCode).toBe(1);
  });

  it('exits 0 on a valid bundle, resolving the directory against the working directory', async () => {
    const dir = bundle(CLEAN);
    const run = await runValidate([path.basename(dir), '--json'], { cwd: path.dirname(dir) });
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, findings: [] });
    expect(run.exitCode).toBe(0);
  });

  it('prints a per-file table and the findings for people, without colour unless allowed', async () => {
    const dir = bundle({ ...VULNERABLE, 'requirements.txt': 'requests\n' });
    const plain = await runValidate([dir], { cwd: tmpdir() });
    const lines = plain.stdout.split('\n');
    expect(lines[0]).toMatch(/^file\s+status\s+language\s+loc\s+cc\s+errors\s+warnings$/);
    expect(plain.stdout).toMatch(/requirements\.txt\s+ok\s+requirements\s+1\s+1\s+0\s+1/);
    expect(plain.stdout).toMatch(/src\/app\.py\s+FAIL\s+python\s+3\s+1\s+1\s+0/);
    expect(plain.stdout).toContain('src/app.py:4:5  error  CWE-78  ');
    expect(plain.stdout).toContain('invalid: 1 of 2 file(s) failed, 1 error(s), 1 warning(s)');
    expect(plain.stdout).not.toContain('\u001b[');
    const coloured = await runValidate([dir], { cwd: tmpdir(), color: true });
    expect(coloured.stdout).toContain('\u001b[31m');
    expect(coloured.exitCode).toBe(1);
  });

  it('validates a single file given instead of a directory', async () => {
    const dir = bundle(VULNERABLE);
    const run = await runValidate([path.join(dir, 'src/app.py'), '--json'], { cwd: tmpdir() });
    const report = JSON.parse(run.stdout) as ValidationReport;
    expect(report.files.map((f) => f.fileName)).toEqual(['app.py']);
    expect(report.findings).toContainEqual(expect.objectContaining({ category: 'CWE-78', file: 'app.py', line: 4 }));
    expect(run.exitCode).toBe(1);
  });

  it('refuses a directory with no files in it as bad input (exit code 2) rather than calling it valid', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'skafu-empty-'));
    mkdirSync(path.join(empty, 'node_modules', 'x'), { recursive: true });
    writeFileSync(path.join(empty, 'node_modules', 'x', 'index.js'), 'eval(process.argv[2]);\n');
    await expect(runValidate([empty], { cwd: tmpdir() })).rejects.toMatchObject({ exitCode: 2, code: 'invalid_input', message: expect.stringContaining('nothing to validate') });
  });

  it('fails with the not-found error (exit code 2) when the directory does not exist', async () => {
    await expect(runValidate(['no-such-dir'], { cwd: tmpdir() })).rejects.toMatchObject({ exitCode: 2, code: 'not_found' });
  });
});
