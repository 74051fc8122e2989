/**
 * Throughput of the Anthropic model adapter (real SDK, one client per model instance) against the
 * fake Messages API running as its own process, for non-streamed and streamed calls.
 *   npx tsx bench/anthropic-model.ts [--calls 3000] [--concurrency 64] [--latency 0]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { analysisSpec, createAnthropicModel, createPriceTable, generationSpec, renderUserContent } from '../src/claude/index.js';
import type { ModelRequest } from '../src/ports/model.js';
import type { z } from 'zod';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '3000' }, concurrency: { type: 'string', default: '64' }, latency: { type: 'string', default: '0' } } });
const calls = Number(values.calls);
const concurrency = Number(values.concurrency);

const fake = spawn(process.execPath, ['--import', 'tsx', 'test/support/fake-anthropic-main.ts', '--latency', values.latency, '--no-record'], { stdio: ['ignore', 'pipe', 'inherit'] });
const [url] = (await once(createInterface({ input: fake.stdout }), 'line')) as [string];
const model = createAnthropicModel({ secrets: { getAnthropicApiKey: () => Promise.resolve('sk-bench') }, baseURL: url });
const prices = createPriceTable();

async function runCase(name: string, request: ModelRequest<z.ZodType>): Promise<void> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (next < calls) {
      next += 1;
      const started = performance.now();
      const response = await model.invoke(request);
      if (response.parsed === null) failures += 1;
      prices.costMicroUsd(response.model, response.usage);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): string => (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(1);
  console.log(`| ${name} | ${calls} | ${concurrency} | ${Math.round(calls / seconds)} | ${at(0.5)} ms | ${at(0.99)} ms | ${((cpu.user + cpu.system) / 1000 / calls).toFixed(3)} ms | ${failures} |`);
}

const analysis = analysisSpec('requirements');
const generation = generationSpec('service');
const base = { model: 'claude-sonnet-5-5', maxTokens: 8192, timeoutMs: 30_000 };
console.log(`fake latency ${values.latency} ms, Node ${process.version}`);
console.log('| case | calls | concurrency | calls/s | p50 | p99 | client CPU/call | unparsed |\n| --- | --- | --- | --- | --- | --- | --- | --- |');
await runCase('requirements analysis, JSON', { ...base, operation: analysis.operation, system: analysis.system, schema: analysis.schema, userContent: renderUserContent({ requirements: '# Shop\nOrders and payments.' }, 'requirements'), stream: false });
await runCase('service generation, SSE stream', { ...base, operation: generation.operation, system: generation.system, schema: generation.schema, userContent: renderUserContent({ specification: { name: 'order-service' } }, 'service'), stream: true, onProgress: () => undefined });
fake.kill('SIGTERM');
await once(fake, 'exit');
