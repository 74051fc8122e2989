/**
 * Governance overhead per call: the whole governed pipeline (validate, sanitize, persist the
 * aggregate, cache lookup, reserve, model, settle, persist the result with its events) on a real
 * SQLite file, with the built-in simulated model answering instantly. The model's own time is
 * measured separately and reported beside the total.
 *
 *   npx tsx bench/governance.ts [--calls 2000]
 *   npx tsx bench/governance.ts --concurrency 64   # also: governed calls with 64 in flight, CPU per call
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createAIIntegration } from '../src/app/create-ai-integration.js';
import { createPriceTable, createSimulatedModel, estimateInputTokens, analysisSpec, renderUserContent } from '../src/claude/index.js';
import { createValidator } from '../src/checks/index.js';
import { resolveConfig } from '../src/config/load-config.js';
import { systemClock } from '../src/ports/clock.js';
import { uuidV7Ids } from '../src/ports/ids.js';
import { createSqliteStore } from '../src/store/sqlite/index.js';

const callsArg = process.argv.indexOf('--calls');
const calls = callsArg > 0 ? Number(process.argv[callsArg + 1]) : 2000;
const concurrencyArg = process.argv.indexOf('--concurrency');
const concurrency = concurrencyArg > 0 ? Number(process.argv[concurrencyArg + 1]) : 0;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'skafu-bench-'));
  const store = createSqliteStore({ path: join(dir, 'bench.db') });
  await store.init();
  // Every limit off (the counters are still kept), so nothing waits or is refused at any concurrency.
  const unlimited = { requestsPerMinute: null, maxConcurrent: null, budgetUsdPerDay: null, budgetUsdPerMonth: null, tokensPerDay: null, requestsPerDay: null, requestsPerMonth: null };
  const config = resolveConfig({ plans: { default: { perUser: unlimited, perOrganization: unlimited } } });
  const model = createSimulatedModel();
  const app = createAIIntegration({
    store, config, model,
    modelIdFor: () => 'simulated',
    prices: createPriceTable({}),
    estimateInputTokens,
    validator: createValidator(),
    clock: systemClock,
    ids: uuidV7Ids,
    logger: pino({ level: 'silent' }),
  });
  const identity = { orgId: 'bench', userId: 'bench' };
  const input = (i: number): Record<string, unknown> => ({ requirements: `# Service ${i}\n\nGuests book rooms; hosts confirm bookings; payments by card. Contact ops@example.com.` });

  for (let i = 0; i < 200; i += 1) await app.analyze(identity, { analysisType: 'requirements', input: input(-i - 1) });

  const spec = analysisSpec('requirements');
  const modelTimes: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const started = performance.now();
    await model.invoke({ operation: 'project_analysis', model: 'simulated', system: spec.system, schema: spec.schema, userContent: renderUserContent(input(i), 'requirements'), maxTokens: 8192, timeoutMs: 1000, stream: false });
    modelTimes.push(performance.now() - started);
  }
  const totals: number[] = [];
  const began = performance.now();
  for (let i = 0; i < calls; i += 1) {
    const started = performance.now();
    await app.analyze(identity, { analysisType: 'requirements', input: input(i) }, { noCache: true });
    totals.push(performance.now() - started);
  }
  const elapsed = performance.now() - began;
  totals.sort((a, b) => a - b);
  modelTimes.sort((a, b) => a - b);
  const row = (name: string, v: number[]): string => `| ${name} | ${percentile(v, 0.5).toFixed(3)} ms | ${percentile(v, 0.99).toFixed(3)} ms |`;
  console.log(`Node ${process.version}, ${calls} sequential calls, SQLite WAL file, simulated model`);
  console.log('| measure | p50 | p99 |\n| --- | --- | --- |');
  console.log(row('whole governed call', totals));
  console.log(row('simulated model alone', modelTimes));
  console.log(`| governance overhead (p50 difference) | ${(percentile(totals, 0.5) - percentile(modelTimes, 0.5)).toFixed(3)} ms | |`);
  console.log(`throughput: ${(calls / (elapsed / 1000)).toFixed(0)} governed calls/s in one process`);
  if (concurrency > 0) {
    // Unique inputs, cache on: every call a miss that also fills the cache, as in the HTTP benchmark.
    let next = 0;
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    const latencies: number[] = [];
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        const i = next++;
        const started = performance.now();
        await app.analyze(identity, { analysisType: 'requirements', input: input(calls + i) });
        latencies.push(performance.now() - started);
      }
    }));
    const wall = performance.now() - startedAt;
    const cpu = process.cpuUsage(cpuBefore);
    latencies.sort((a, b) => a - b);
    console.log(`${concurrency} in flight: ${(calls / (wall / 1000)).toFixed(0)} governed calls/s, p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms, CPU ${((cpu.user + cpu.system) / 1000 / calls).toFixed(3)} ms per call`);
  }
  await app.close();
}

await main();
