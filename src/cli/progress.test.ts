import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIO } from './io.js';
import { ProgressReporter } from './progress.js';

function terminal(columns: number | undefined): { io: CliIO; written: () => string } {
  const stderr = Object.assign(new PassThrough(), { isTTY: true, columns, cursorTo: () => true, moveCursor: () => true, clearLine: () => true });
  let text = '';
  stderr.on('data', (chunk: Buffer) => { text += chunk.toString(); });
  return { io: { stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {}, cwd: process.cwd() }, written: () => text };
}

describe('the progress spinner', () => {
  it('shows on a terminal with a width', async () => {
    const { io, written } = terminal(80);
    const progress = new ProgressReporter(io, 'Analysing');
    progress.start();
    await new Promise((resolve) => setTimeout(resolve, 150));
    progress.stop();
    expect(written()).toContain('Analysing');
  });

  it('stays off, and returns, on a terminal that reports no width', async () => {
    for (const columns of [0, undefined]) {
      const { io, written } = terminal(columns);
      const progress = new ProgressReporter(io, 'Analysing');
      progress.start();
      progress.update({ type: 'tokens', id: 'a', outputTokens: 10 });
      await new Promise((resolve) => setTimeout(resolve, 150));
      progress.stop();
      expect(written()).toBe('');
    }
  });
});
