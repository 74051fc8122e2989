import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../src/domain/events.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from '../src/events/index.js';
import { PROJECT_ROOT, tempDir } from './support/cli.js';
import { startFakeWebhook, type FakeWebhook } from './support/fake-webhook.js';

/** The ```ts blocks of the README's Library section. */
function libraryExamples(): string[] {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Library\n'), readme.indexOf('\n## ', readme.indexOf('\n## Library\n') + 5));
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

/** Runs an ES module as a project depending on the package would: from its own directory, `skafu-ai` in node_modules. */
function runAsConsumer(code: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (exit) => resolve({ code: exit ?? -1, stdout, stderr }));
  });
}

describe('the README\'s library examples, run as a dependent project would', () => {
  let hook: FakeWebhook;
  beforeAll(async () => { hook = await startFakeWebhook(); });
  afterAll(() => hook.close());

  it('run as written, from the package entries, and deliver the events of their calls', async () => {
    const examples = libraryExamples();
    expect(examples).toHaveLength(2);
    for (const [i, example] of examples.entries()) {
      hook.received.length = 0;
      const cwd = tempDir();
      mkdirSync(join(cwd, 'node_modules'));
      symlinkSync(PROJECT_ROOT, join(cwd, 'node_modules', 'skafu-ai'), 'dir');
      const env = { SKAFU_AI_DB: join(cwd, 'skafu.db'), SKAFU_AI_WEBHOOK_URL: hook.url, SKAFU_AI_WEBHOOK_SECRET: 'whsec-library' };
      const run = await runAsConsumer(example, cwd, env);
      expect(run.code, `example ${i + 1}: ${run.stderr}`).toBe(0);
      expect(run.stdout.trim(), `example ${i + 1}`).toMatch(i === 0 ? /^\d+ 0$/ : /^completed \d+$/);
      const events = hook.received.map((r) => JSON.parse(r.body) as DomainEvent);
      expect(events.map((e) => e.name), `example ${i + 1}`).toEqual(i === 0
        ? ['AIAnalysisStarted', 'AIAnalysisCompleted']
        : ['CodeGenerationStarted', 'CodeGenerationCompleted']);
      for (const r of hook.received) {
        const header = (name: string): string | undefined => [r.headers[name]].flat()[0];
        expect(verifyWebhookSignature({ secret: 'whsec-library', body: r.body, signature: header(SIGNATURE_HEADER), timestamp: header(TIMESTAMP_HEADER), nowSeconds: Math.floor(Date.now() / 1000) })).toBe(true);
      }
    }
  }, 120_000);
});
