import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';
import { z } from 'zod';
import { analysisSpec, instanceOfJsonSchema, type JsonSchema } from '../../src/claude/index.js';
import { scenario, startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';

// claude-sonnet-5-5 (the default model): USD per MTok input 2.00, output 10.00, cache write 5m 2.50, 1h 4.00, cache read 0.20.
const SONNET_5_5 = { input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 };

let fake: FakeAnthropic;
let env: Record<string, string>;

beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.configure({ usage: { input_tokens: 1200, output_tokens: 800, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_creation_1h_input_tokens: 0 } });
  env = { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.url, SKAFU_AI_DB: join(tempDir(), 'skafu.db') };
});

function json<T = Record<string, unknown>>(stdout: string): T {
  return JSON.parse(stdout) as T;
}

describe('model commands against an Anthropic-compatible server', () => {
  it('analyze completes, is persisted, and costs its usage priced by the table', async () => {
    fake.configure({ usage: { input_tokens: 3, output_tokens: 406, cache_read_input_tokens: 1111, cache_creation_input_tokens: 2000, cache_creation_1h_input_tokens: 500 } });
    const run = await runCli(['analyze', 'examples/requirements.md', '--json', '--project', 'slotwise'], { env });
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ id: string; status: string; costUsd: number; tokensUsed: Record<string, number>; model: string; projectId: string; recommendations: unknown[]; cached: boolean }>(run.stdout);
    expect(result).toMatchObject({ status: 'completed', projectId: 'slotwise', cached: false, model: 'claude-sonnet-5-5' });
    expect(result.tokensUsed).toEqual({ input: 3, output: 406, cacheCreation: 2000, cacheRead: 1111 });
    const expected = (3 * SONNET_5_5.input + 406 * SONNET_5_5.output + 1500 * SONNET_5_5.cacheWrite5m + 500 * SONNET_5_5.cacheWrite1h + 1111 * SONNET_5_5.cacheRead) / 1e6;
    expect(result.costUsd).toBeCloseTo(expected, 6);
    expect(result.recommendations.length).toBeGreaterThan(0);

    const shown = await runCli(['show', result.id, '--json'], { env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(json(shown.stdout)).toEqual(result);

    const body = fake.requests[0]?.body as unknown as { system: { text: string; cache_control?: unknown }[]; messages: { content: unknown }[]; output_config: { format: { type: string } } };
    expect(body.output_config.format.type).toBe('json_schema');
    expect(JSON.stringify(body.system)).not.toContain('Slotwise');
    expect(JSON.stringify(body.messages)).toContain('Slotwise');
  });

  it.each([
    ['review', ['review', 'examples/architecture.md', '--requirements', 'examples/requirements.md'], 'architecture'],
    ['optimize', ['optimize', 'examples/templates'], 'optimization'],
    ['analyze --type security', ['analyze', 'examples/architecture.md', '--type', 'security'], 'security'],
  ])('%s completes, is persisted and priced', async (_name, args, analysisType) => {
    const run = await runCli([...args, '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ id: string; analysisType: string; status: string; costUsd: number }>(run.stdout);
    expect(result).toMatchObject({ analysisType, status: 'completed' });
    expect(result.costUsd).toBeCloseTo((1200 * 2 + 800 * 10) / 1e6, 6);
    const listed = await runCli(['list', '--json'], { env });
    expect(json<{ items: { id: string }[] }>(listed.stdout).items.map((i) => i.id)).toContain(result.id);
  });

  it('generate streams, validates every file, writes them with --out, and is priced', async () => {
    const out = tempDir();
    const files = [
      { path: 'src/handler.py', content: 'import json\n\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": json.dumps({"ok": True})}\n' },
      { path: 'tests/test_handler.py', content: 'from src.handler import handler\n\n\ndef test_ok():\n    assert handler({}, None)["statusCode"] == 200\n' },
      { path: 'requirements.txt', content: 'boto3==1.35.0\n' },
    ];
    fake.enqueue(scenario.valid({ summary: 'A minimal bookings handler.', language: 'python', files, dependencies: [{ name: 'boto3', version: '1.35.0', ecosystem: 'pip' }], instructions: ['pip install -r requirements.txt'], assumptions: [] }));
    const run = await runCli(['generate', 'examples/service-spec.json', '--context', 'examples/context.json', '--out', out, '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ status: string; files: { path: string }[]; validationResults: { isValid: boolean }[]; costUsd: number; generationType: string }>(run.stdout);
    expect(result).toMatchObject({ status: 'completed', generationType: 'service' });
    expect(result.files.map((f) => f.path)).toEqual(files.map((f) => f.path));
    expect(result.validationResults.every((r) => r.isValid)).toBe(true);
    expect(result.costUsd).toBeCloseTo(0.0104, 6);
    expect((fake.requests[0]?.body as unknown as { stream?: boolean }).stream).toBe(true);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(join(out, 'src/handler.py'), 'utf8')).toBe(files[0]?.content);
  });

  it('generated code with error findings goes back to Claude once; a clean repair completes the generation', async () => {
    const bundle = (handler: string): Record<string, unknown> => ({
      summary: 'Runs a maintenance command.', language: 'python',
      files: [
        { path: 'src/handler.py', content: handler },
        { path: 'tests/test_handler.py', content: 'from src.handler import handler\n\n\ndef test_ok():\n    assert handler({"name": "x"}, None)["statusCode"] == 200\n' },
      ],
      dependencies: [], instructions: [], assumptions: [],
    });
    const vulnerable = 'import os\n\n\ndef handler(event, context):\n    os.system("cleanup " + event["name"])\n    return {"statusCode": 200}\n';
    const clean = 'import subprocess\n\n\ndef handler(event, context):\n    subprocess.run(["cleanup", str(event["name"])], check=True)\n    return {"statusCode": 200}\n';
    fake.enqueue(scenario.valid(bundle(vulnerable)), scenario.valid(bundle(clean)));
    const run = await runCli(['generate', 'examples/service-spec.json', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ status: string; files: { content: string }[]; findings: { severity: string }[]; costUsd: number }>(run.stdout);
    expect(result.status).toBe('completed');
    expect(result.files[0]?.content).toBe(clean);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(fake.messageCount()).toBe(2);
    expect(JSON.stringify(fake.requests[1]?.body)).toContain('CWE-78');
    expect(result.costUsd).toBeCloseTo(2 * 0.0104, 6);
  });

  it('code still invalid after the repair fails the generation with its findings, and --out writes nothing invalid', async () => {
    const vulnerable = { summary: 'x', language: 'python', files: [{ path: 'src/handler.py', content: 'import os\n\n\ndef handler(event, context):\n    os.system("rm " + event["path"])\n' }], dependencies: [], instructions: [], assumptions: [] };
    fake.enqueue(scenario.valid(vulnerable), scenario.valid(vulnerable));
    const out = tempDir();
    const run = await runCli(['generate', 'examples/service-spec.json', '--out', out, '--json'], { env });
    expect(run.code).toBe(1);
    const result = json<{ status: string; errorMessage: string; findings: { category: string; severity: string; file: string }[] }>(run.stdout);
    expect(result.status).toBe('failed');
    expect(result.findings).toContainEqual(expect.objectContaining({ category: 'CWE-78', severity: 'error', file: 'src/handler.py' }));
    expect(fake.messageCount()).toBe(2);
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(out, 'src/handler.py'))).toBe(false);
  });

  it('--out writes only the files that passed validation and says how many of them it wrote', async () => {
    const bundle = { summary: 'x', language: 'python', files: [
      { path: 'src/handler.py', content: 'import os\n\n\ndef handler(event, context):\n    os.system("rm " + event["path"])\n' },
      { path: 'tests/test_ok.py', content: 'def test_ok():\n    assert True\n' },
    ], dependencies: [], instructions: [], assumptions: [] };
    fake.enqueue(scenario.valid(bundle), scenario.valid(bundle));
    const out = tempDir();
    const run = await runCli(['generate', 'examples/service-spec.json', '--out', out], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Wrote 1 of 2 file(s) under ${out}`);
    expect(run.stderr).toContain('Not written (failed validation; --force writes them): src/handler.py');
    const { existsSync } = await import('node:fs');
    expect([existsSync(join(out, 'tests/test_ok.py')), existsSync(join(out, 'src/handler.py'))]).toEqual([true, false]);
  });

  it('an --out that cannot be a directory is refused before the model is called: exit 2, nothing billed', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'taken'), 'a file\n');
    for (const out of [join(dir, 'taken'), join(dir, 'taken', 'sub')]) {
      const run = await runCli(['generate', 'examples/service-spec.json', '--out', out, '--json'], { env });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--out .* (is a file, not a directory|cannot be created: .* is a file)/);
      expect(json<{ error: { code: string } }>(run.stdout).error.code).toBe('invalid_input');
    }
    expect(fake.messageCount()).toBe(0);
  });

  it('with restorePersonalData, personal data comes back in the answer but never in the store or the request', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'config.yaml'), 'sanitize:\n  restorePersonalData: true\n');
    writeFileSync(join(dir, 'req.md'), '# Clinic booking\n\nThe product owner is dr.nadia.ferreira@clinic-nord.pt; bookings by phone too.\n');
    const value = instanceOfJsonSchema(z.toJSONSchema(analysisSpec('requirements').schema) as JsonSchema) as Record<string, unknown>;
    const recommendations = value.recommendations as Record<string, unknown>[];
    if (recommendations[0]) recommendations[0].description = 'Confirm the retention policy with [[EMAIL_1]].';
    fake.enqueue(scenario.valid(value));
    const withConfig = { ...env, SKAFU_AI_CONFIG: join(dir, 'config.yaml') };
    const run = await runCli(['analyze', join(dir, 'req.md'), '--json'], { env: withConfig });
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ id: string; recommendations: { description: string }[] }>(run.stdout);
    expect(result.recommendations[0]?.description).toBe('Confirm the retention policy with dr.nadia.ferreira@clinic-nord.pt.');
    expect(JSON.stringify(fake.requests[0]?.body)).not.toContain('nadia');
    const shown = await runCli(['show', result.id, '--json'], { env: withConfig });
    expect(shown.stdout).not.toContain('nadia');
    expect(shown.stdout).toContain('[[EMAIL_1]]');
  });

  it('a schema-invalid answer gets one costed repair round', async () => {
    fake.enqueue(scenario.invalid(), scenario.valid());
    const run = await runCli(['analyze', 'examples/requirements.md', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ status: string; costUsd: number; tokensUsed: { input: number } }>(run.stdout);
    expect(result.status).toBe('completed');
    expect(fake.messageCount()).toBe(2);
    expect(result.tokensUsed.input).toBe(2400);
    expect(result.costUsd).toBeCloseTo(2 * 0.0104, 6);
  });

  it('an answer that oversteps the limits the API cannot enforce is fitted, not failed', async () => {
    const value = instanceOfJsonSchema(z.toJSONSchema(analysisSpec('requirements').schema) as JsonSchema, { arrayItems: 2 }) as Record<string, unknown>;
    const recommendations = value.recommendations as Record<string, unknown>[];
    value.confidence = 87;
    if (recommendations[0]) recommendations[0].title = 'T'.repeat(450);
    if (recommendations[1]) recommendations[1].priority = 'High';
    fake.enqueue(scenario.valid(value));
    const run = await runCli(['analyze', 'examples/requirements.md', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const result = json<{ status: string; confidenceScore: number; recommendations: { title: string; priority: string }[] }>(run.stdout);
    expect(result.status).toBe('completed');
    expect(result.confidenceScore).toBe(1);
    expect(result.recommendations[0]?.title.length).toBe(200);
    expect(result.recommendations[1]?.priority).toBe('high');
    expect(fake.messageCount()).toBe(1);
  });

  it.each([
    ['invalid twice', [scenario.invalid(), scenario.invalid()], /did not match the expected structure/, 2],
    ['max_tokens truncation', [scenario.maxTokens()], /cut off at the output limit/, 1],
    ['a refusal', [scenario.refusal()], /declined/, 1],
  ])('%s fails the analysis with a clear message and exit 1, keeping the billed cost', async (_name, scenarios, message, calls) => {
    fake.enqueue(...scenarios);
    const run = await runCli(['analyze', 'examples/requirements.md', '--json'], { env });
    expect(run.code).toBe(1);
    const result = json<{ status: string; errorMessage: string; costUsd: number; id: string }>(run.stdout);
    expect(result.status).toBe('failed');
    expect(result.errorMessage).toMatch(message);
    expect(result.costUsd).toBeGreaterThan(0);
    expect(fake.messageCount()).toBe(calls);
    const shown = await runCli(['show', result.id, '--json'], { env });
    expect(json(shown.stdout)).toMatchObject({ status: 'failed', errorMessage: result.errorMessage });
  });

  it('a whole, schema-valid answer is kept even when its stop reason says max_tokens', async () => {
    fake.enqueue({ type: 'output', stopReason: 'max_tokens' });
    const run = await runCli(['analyze', 'examples/requirements.md', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(json<{ status: string }>(run.stdout).status).toBe('completed');
    expect(fake.messageCount()).toBe(1);
  });

  it('retries 429 (honouring retry-after) and 529, then completes', async () => {
    fake.enqueue(scenario.rateLimited(0, { retryAfterMs: 50 }), scenario.overloaded({ retryAfterMs: 50 }), scenario.valid());
    const run = await runCli(['analyze', 'examples/requirements.md', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(fake.messageCount()).toBe(3);
  });

  it('a server that keeps failing makes the model unavailable: exit 4, nothing billed', async () => {
    fake.enqueue(...Array.from({ length: 5 }, () => scenario.serverError({ retryAfterMs: 10 })));
    const run = await runCli(['analyze', 'examples/requirements.md', '--json'], { env });
    expect(run.code).toBe(4);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const usage = await runCli(['usage', '--json'], { env });
    expect(json<{ totalCostUsd: number; failedRequests: number }>(usage.stdout)).toMatchObject({ totalCostUsd: 0, failedRequests: 1 });
  });

  it('never retries a 429 enforced_spend_limit_reached', async () => {
    fake.enqueue(scenario.spendLimit(), scenario.valid());
    const run = await runCli(['analyze', 'examples/requirements.md', '--json'], { env });
    expect(run.code).toBe(4);
    expect(fake.messageCount()).toBe(1);
    expect(run.stderr).toMatch(/spend limit/i);
  });

  it.each([
    ['generate (streamed)', ['generate', 'examples/service-spec.json']],
    ['analyze', ['analyze', 'examples/requirements.md']],
  ])('%s against an API that refuses connections says which host could not be reached and what to check: exit 4', async (_name, args) => {
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    probe.close();
    await once(probe, 'close');
    const run = await runCli(args, { env: { ...env, ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}` } });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`Could not reach Claude's API at 127.0.0.1:${port} (connection refused)`);
    expect(run.stderr).toContain('ANTHROPIC_BASE_URL');
    expect(run.stderr).not.toMatch(/stream/);
  });

  it('an input the model\'s context window cannot hold is bad input (exit 2) saying to shorten it; another refused request stays exit 4', async () => {
    fake.enqueue(scenario.badRequest('prompt is too long: 215004 tokens > 200000 maximum'));
    const tooLong = await runCli(['analyze', 'examples/requirements.md', '--json'], { env });
    expect(tooLong.code).toBe(2);
    const error = (JSON.parse(tooLong.stdout) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('The input is too long');
    expect(error.message).toContain('prompt is too long: 215004 tokens > 200000 maximum');
    expect(error.message).toContain('Shorten the input');
    fake.enqueue(scenario.badRequest('messages: text content blocks must be non-empty'));
    const other = await runCli(['analyze', 'examples/requirements.md'], { env });
    expect(other.code).toBe(4);
    expect(other.stderr).toContain('rejected as invalid');
  });

  it('a response slower than the timeout fails with exit 4', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'config.yaml'), 'timeoutSeconds: 1\n');
    fake.enqueue(...Array.from({ length: 4 }, () => scenario.slow(3000)));
    const run = await runCli(['analyze', 'examples/requirements.md', '--json'], { env: { ...env, SKAFU_AI_CONFIG: join(dir, 'config.yaml') } });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/time/i);
  });

  it('without a key and without --simulate, says how to set one and exits 4', async () => {
    const run = await runCli(['analyze', 'examples/requirements.md'], { env: { SKAFU_AI_DB: env.SKAFU_AI_DB ?? '' } });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('ANTHROPIC_API_KEY');
    expect(run.stderr).toContain('--simulate');
    expect(fake.messageCount()).toBe(0);
  });

  it('bad input exits 2 with a message that says what is wrong', async () => {
    const missing = await runCli(['analyze', 'no-such-file.md'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-file.md');
    const badType = await runCli(['analyze', 'examples/requirements.md', '--type', 'astrology'], { env });
    expect(badType.code).toBe(2);
    expect(badType.stderr).toContain('--type must be one of');
    const unknown = await runCli(['analyze', 'examples/requirements.md', '--frobnicate'], { env });
    expect(unknown.code).toBe(2);
  });
});

describe('configuration errors', () => {
  it('a model without a price is refused before anything is sent, naming the model and the fix', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'config.yaml'), 'models:\n  project_analysis: claude-mystery-9\n');
    fake.reset();
    const run = await runCli(['analyze', 'examples/requirements.md'], { env: { ...env, SKAFU_AI_CONFIG: join(dir, 'config.yaml') } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('claude-mystery-9');
    expect(run.stderr).toContain('prices');
    expect(fake.messageCount()).toBe(0);
  });
});
