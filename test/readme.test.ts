import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli, tempDir } from './support/cli.js';

/** Every `npx skafu-ai …` line of the README's shell blocks, in order. */
function readmeCommands(): string[][] {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks.flatMap((block) => block.split('\n'))
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.startsWith('npx skafu-ai '))
    .map((line) => line.slice('npx skafu-ai '.length).split(/\s+/));
}

describe('the README', () => {
  const commands = readmeCommands();

  it('shows the main commands', () => {
    expect(commands.map((c) => c[0])).toEqual(expect.arrayContaining(['analyze', 'generate', 'review', 'optimize', 'validate', 'sanitize', 'usage', 'limits']));
  });

  it('every command it shows works as written (model commands with --simulate; without a key, exit 4)', async () => {
    const cwd = tempDir();
    cpSync(join(PROJECT_ROOT, 'examples'), join(cwd, 'examples'), { recursive: true });
    const env = { SKAFU_AI_DB: join(cwd, 'skafu.db') };
    for (const args of commands) {
      const run = await runCli(args, { cwd, env });
      const needsKey = ['analyze', 'generate', 'review', 'optimize'].includes(args[0] ?? '') && !args.includes('--simulate');
      expect({ args: args.join(' '), code: run.code, stderr: needsKey ? '' : run.stderr }).toEqual({ args: args.join(' '), code: needsKey ? 4 : 0, stderr: needsKey ? '' : run.stderr });
      if (!needsKey) expect(run.stdout.length, args.join(' ')).toBeGreaterThan(0);
    }
  }, 180_000);
});
