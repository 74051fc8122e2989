import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAnthropicModel } from '../../src/claude/anthropic-model.js';
import { renderUserContent } from '../../src/claude/prompts/index.js';
import { scenario } from '../support/fake-anthropic.js';

describe('fake Anthropic server as a separate process', () => {
  it('prints its URL, answers the SDK, is scriptable over HTTP and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/fake-anthropic-main.ts', '--input-tokens', '77', '--output-tokens', '33'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const lines = createInterface({ input: child.stdout });
      const [url] = (await once(lines, 'line')) as [string];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const model = createAnthropicModel({ secrets: { getAnthropicApiKey: () => Promise.resolve('sk-test') }, baseURL: url });
      const request = {
        operation: 'project_analysis' as const, model: 'claude-sonnet-5-5', system: 'system', schema: z.object({ ok: z.boolean() }),
        userContent: renderUserContent('x', 'requirements'), maxTokens: 100, timeoutMs: 5_000, stream: false,
      };
      const first = await model.invoke(request);
      expect(first.parsed).toEqual({ ok: true });
      expect(first.usage).toMatchObject({ input: 77, output: 33 });

      await fetch(`${url}/_fake/enqueue`, { method: 'POST', body: JSON.stringify({ scenarios: [scenario.refusal()] }) });
      expect((await model.invoke(request)).stopReason).toBe('refusal');
      const recorded = (await (await fetch(`${url}/_fake/requests`)).json()) as { count: number; requests: unknown[] };
      expect(recorded.count).toBe(2);
      expect(recorded.requests).toHaveLength(2);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
