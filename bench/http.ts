/**
 * The HTTP service under load (issue 6): added latency over a 200 ms model at concurrency 1, 16 and
 * 64 compared with the same load sent straight to the fake upstream, and the most requests per second
 * through the whole governed pipeline (auth, sanitize, cache miss, reserve, model, settle, persist)
 * with a zero-latency upstream. Fake upstream, service and load generator are three processes.
 *
 *   npx tsx bench/http.ts                       # 10 s per run
 *   npx tsx bench/http.ts --seconds 5 --concurrency 1,16,64 --throughput 32,64
 *   npx tsx bench/http.ts --cpu-prof             # also writes a CPU profile of the service to bench/results/
 *   npx tsx bench/http.ts --concurrency '' --throughput 64 --skip-layers --cpu-prof   # profile the governed pipeline alone
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiKey } from '../src/http/auth/create-api-key.js';
import { systemClock } from '../src/ports/clock.js';
import { createSqliteStore } from '../src/store/sqlite/index.js';
import { runLoad, type LoadResult } from './http-load.js';
import { processTreeCpuMs, startBareProxy, startFakeUpstream, startService, type Child } from './http-processes.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '1,16,64' },
    throughput: { type: 'string', default: '32,64' },
    latency: { type: 'string', default: '200' },
    'cpu-prof': { type: 'boolean', default: false },
    'skip-layers': { type: 'boolean', default: false },
    processes: { type: 'string', default: '1' },
  },
});
const seconds = Number(values.seconds);
const list = (text: string): number[] => text.split(',').filter((n) => n.trim() !== '').map(Number);
const levels = list(values.concurrency);
const throughputLevels = list(values.throughput);
const modelLatencyMs = Number(values.latency);

const UNLIMITED = { requestsPerMinute: null, maxConcurrent: null, budgetUsdPerDay: null, budgetUsdPerMonth: null, tokensPerDay: null, requestsPerDay: null, requestsPerMonth: null };

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

const ms = (n: number): string => `${n.toFixed(2)} ms`;

/** A load run with the CPU time the service (all its processes) and the fake spent per request. */
async function measured(service: Child, fake: Child, run: () => Promise<LoadResult>): Promise<LoadResult & { serviceCpuMs: number; fakeCpuMs: number; loadCpuMs: number }> {
  const [service0, fake0, load0] = [processTreeCpuMs(service.process.pid ?? 0), processTreeCpuMs(fake.process.pid ?? 0), process.cpuUsage()];
  const result = await run();
  const requests = Math.max(1, result.requests);
  const perRequest = (before: number, pid: number | undefined): number => (processTreeCpuMs(pid ?? 0) - before) / requests;
  const load = process.cpuUsage(load0);
  return { ...result, serviceCpuMs: perRequest(service0, service.process.pid), fakeCpuMs: perRequest(fake0, fake.process.pid), loadCpuMs: (load.user + load.system) / 1000 / requests };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'skafu-bench-http-'));
  const dbPath = join(dir, 'skafu.db');
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify({ plans: { default: { perUser: UNLIMITED, perOrganization: UNLIMITED } } }));
  const store = createSqliteStore({ path: dbPath });
  await store.init();
  const { key } = await createApiKey(store, systemClock, { orgId: 'bench', userId: 'load', role: 'member' });
  await store.close();

  const profileDir = join(import.meta.dirname, 'results', 'http-cpu-profile');
  if (values['cpu-prof']) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  const fake: Child = await startFakeUpstream(modelLatencyMs);
  const service: Child = await startService({ dbPath, configPath, anthropicUrl: fake.url, processes: Number(values.processes), ...(values['cpu-prof'] ? { nodeFlags: ['--cpu-prof', '--cpu-prof-dir', profileDir] } : {}) });
  const proxy: Child = await startBareProxy(fake.url);
  const auth = { authorization: `Bearer ${key}` };
  let counter = 0;
  const uniqueAnalysis = (): string => JSON.stringify({ projectId: 'bench', analysisType: 'requirements', input: { requirements: `A ticketing service, variant ${process.pid}-${counter++}` } });

  try {
    // One real request, to capture the exact Messages body the service sends upstream.
    const first = await post(`${service.url}/v1/analyses`, JSON.parse(uniqueAnalysis()), auth);
    if (first.status !== 201) throw new Error(`warm-up request answered ${first.status}: ${JSON.stringify(first.json)}`);
    const recorded = (await (await fetch(`${fake.url}/_fake/requests`)).json()) as { requests: { headers: Record<string, string>; body: unknown }[] };
    const upstream = recorded.requests.at(-1);
    if (!upstream) throw new Error('the fake recorded no request');
    const upstreamBody = JSON.stringify(upstream.body);
    const upstreamHeaders = { 'content-type': 'application/json', 'x-api-key': 'sk-ant-bench', 'anthropic-version': upstream.headers['anthropic-version'] ?? '2023-06-01' };
    await post(`${fake.url}/_fake/configure`, { recordRequests: false });
    await post(`${fake.url}/_fake/reset`, {});

    // Warm both paths (JIT of every service process, SQLite pages, connection pools).
    await runLoad({ url: `${service.url}/v1/analyses`, method: 'POST', connections: 32, seconds: 6, headers: { ...auth, 'content-type': 'application/json' }, body: uniqueAnalysis });
    await runLoad({ url: `${fake.url}/v1/messages`, method: 'POST', connections: 8, seconds: 1, headers: upstreamHeaders, body: () => upstreamBody });
    await runLoad({ url: proxy.url, method: 'POST', connections: 32, seconds: 3, headers: upstreamHeaders, body: () => upstreamBody });

    const rows: { c: number; direct: LoadResult; floor: LoadResult; via: Awaited<ReturnType<typeof measured>> }[] = [];
    for (const c of levels) {
      const direct = await runLoad({ url: `${fake.url}/v1/messages`, method: 'POST', connections: c, seconds, headers: upstreamHeaders, body: () => upstreamBody });
      const floor = await runLoad({ url: proxy.url, method: 'POST', connections: c, seconds, headers: upstreamHeaders, body: () => upstreamBody });
      const via = await measured(service, fake, () => runLoad({ url: `${service.url}/v1/analyses`, method: 'POST', connections: c, seconds, headers: { ...auth, 'content-type': 'application/json' }, body: uniqueAnalysis, serverTiming: true }));
      rows.push({ c, direct, floor, via });
      process.stderr.write(`c=${c}: direct p50 ${ms(direct.p50)} p99 ${ms(direct.p99)} | bare proxy p50 ${ms(floor.p50)} p99 ${ms(floor.p99)} | service p50 ${ms(via.p50)} p99 ${ms(via.p99)} (${via.non2xx} non-2xx)\n`);
    }

    await post(`${fake.url}/_fake/configure`, { latencyMs: 0 });
    const throughput: { c: number; via: Awaited<ReturnType<typeof measured>>; upstreamCalls: number }[] = [];
    for (const c of throughputLevels) {
      await post(`${fake.url}/_fake/reset`, {});
      const via = await measured(service, fake, () => runLoad({ url: `${service.url}/v1/analyses`, method: 'POST', connections: c, seconds, headers: { ...auth, 'content-type': 'application/json' }, body: uniqueAnalysis }));
      const calls = ((await (await fetch(`${fake.url}/_fake/requests`)).json()) as { count: number }).count;
      throughput.push({ c, via, upstreamCalls: calls });
      process.stderr.write(`throughput c=${c}: ${via.requestsPerSecond.toFixed(0)} req/s, ${calls} upstream calls, ${via.non2xx} non-2xx\n`);
    }
    const bare = await measured(service, fake, () => runLoad({ url: `${fake.url}/v1/messages`, method: 'POST', connections: 64, seconds, headers: upstreamHeaders, body: () => upstreamBody }));
    const proxied = await measured(proxy, fake, () => runLoad({ url: proxy.url, method: 'POST', connections: 64, seconds, headers: upstreamHeaders, body: () => upstreamBody }));

    // The HTTP layer without a model call: framework only; auth + store read + response validation; a cache hit.
    const firstId = (first.json as { id: string }).id;
    const hit = JSON.stringify({ projectId: 'bench', analysisType: 'requirements', input: { requirements: 'the same input every time' } });
    await post(`${service.url}/v1/analyses`, JSON.parse(hit), auth);
    const layer: [string, LoadResult][] = values['skip-layers'] ? [] : [
      ['GET /healthz (framework, one store read)', await runLoad({ url: `${service.url}/healthz`, connections: 64, seconds })],
      ['GET /v1/analyses/{id} (auth, store read, response validation)', await runLoad({ url: `${service.url}/v1/analyses/${firstId}`, connections: 64, seconds, headers: auth })],
      ['POST /v1/analyses, cache hit (whole pipeline but the model)', await runLoad({ url: `${service.url}/v1/analyses`, method: 'POST', connections: 64, seconds, headers: { ...auth, 'content-type': 'application/json' }, body: () => hit })],
    ];

    const out: string[] = [];
    out.push(`Node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end, ${seconds} s per run, model latency ${modelLatencyMs} ms, serve --processes ${values.processes}.`, '');
    out.push('| concurrency | direct p50 | direct p99 | service p50 | service p99 | added p50 | added p99 | bare proxy added p50 | bare proxy added p99 | service req/s | service CPU/req | fake CPU/req | non-2xx |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const { c, direct, floor, via } of rows) {
      out.push(`| ${c} | ${ms(direct.p50)} | ${ms(direct.p99)} | ${ms(via.p50)} | ${ms(via.p99)} | ${ms(via.p50 - direct.p50)} | ${ms(via.p99 - direct.p99)} | ${ms(floor.p50 - direct.p50)} | ${ms(floor.p99 - direct.p99)} | ${via.requestsPerSecond.toFixed(1)} | ${ms(via.serviceCpuMs)} | ${ms(via.fakeCpuMs)} | ${via.non2xx + floor.non2xx} |`);
    }
    out.push('', 'Where the service\'s time went (medians of each response\'s Server-Timing steps; "outside" = service p50 − total p50: waiting in sockets and for the event loop before the handler, and writing the answer):', '');
    out.push('| concurrency | cache | admit | model | model − direct p50 | store | total | total − model − admit − store − cache | outside |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const { c, direct, via } of rows) {
      const step = (name: string): number => via.steps[name] ?? Number.NaN;
      const own = step('total') - step('model') - step('admit') - step('store') - step('cache');
      out.push(`| ${c} | ${ms(step('cache'))} | ${ms(step('admit'))} | ${ms(step('model'))} | ${ms(step('model') - direct.p50)} | ${ms(step('store'))} | ${ms(step('total'))} | ${ms(own)} | ${ms(via.p50 - step('total'))} |`);
    }
    out.push('', '| zero-latency upstream | req/s | p50 | p99 | service CPU/req | fake CPU/req | load generator CPU/req | upstream calls | non-2xx |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const { c, via, upstreamCalls } of throughput) {
      out.push(`| service, c=${c} | ${via.requestsPerSecond.toFixed(0)} | ${ms(via.p50)} | ${ms(via.p99)} | ${ms(via.serviceCpuMs)} | ${ms(via.fakeCpuMs)} | ${ms(via.loadCpuMs)} | ${upstreamCalls} | ${via.non2xx} |`);
    }
    out.push(`| fake upstream alone, c=64 | ${bare.requestsPerSecond.toFixed(0)} | ${ms(bare.p50)} | ${ms(bare.p99)} | — | ${ms(bare.fakeCpuMs)} | ${ms(bare.loadCpuMs)} | — | ${bare.non2xx} |`);
    out.push(`| bare node:http proxy in front of the fake, c=64 | ${proxied.requestsPerSecond.toFixed(0)} | ${ms(proxied.p50)} | ${ms(proxied.p99)} | ${ms(proxied.serviceCpuMs)} (the proxy) | ${ms(proxied.fakeCpuMs)} | ${ms(proxied.loadCpuMs)} | — | ${proxied.non2xx} |`);
    out.push('', '| without a model call, c=64 | req/s | p50 | p99 | non-2xx |', '| --- | --- | --- | --- | --- |');
    for (const [name, r] of layer) out.push(`| ${name} | ${r.requestsPerSecond.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.non2xx} |`);
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await service.stop();
    await proxy.stop();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
    if (values['cpu-prof']) process.stderr.write(`CPU profile(s): ${readdirSync(profileDir).map((f) => join(profileDir, f)).join(', ')}\n`);
  }
}

await main();
