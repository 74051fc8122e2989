import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/http/auth/create-api-key.js';
import { systemClock } from '../../src/ports/clock.js';
import type { Store } from '../../src/ports/store.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { analysisBody, until } from './support/client.js';
import { spawnServer, type ServerProcess } from './support/server-process.js';

/**
 * `skafu-ai serve --processes 2`: a cluster primary and two worker processes on one port, run from
 * source as real processes against the fake Claude API and one SQLite file.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRY = join(ROOT, 'test', 'http', 'support', 'cli-entry.ts');
const LIMIT = 12;
const REQUESTS = 40;

let fake: FakeAnthropic;
let dir: string;
let store: Store;
let server: ServerProcess;
let users = 0;

interface Answer {
  status: number;
  text: string;
}

/** One request on a connection of its own: the cluster hands new connections to its workers in turn. */
function fresh(url: string, options: { method?: string; key?: string; body?: unknown } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = httpRequest(url, {
      agent: false,
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      timeout: 20_000,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${url} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The pid and metrics text of whichever worker answers a scrape. */
async function scrape(url: string): Promise<{ pid: number; text: string }> {
  const answer = await fresh(`${url}/metrics`);
  expect(answer.status).toBe(200);
  const pid = Number(/^skafu_process_pid (\d+)$/m.exec(answer.text)?.[1]);
  expect(pid).toBeGreaterThan(0);
  return { pid, text: answer.text };
}

/** The metrics of every distinct worker seen within `tries` scrapes, by pid. */
async function scrapeWorkers(url: string, want: number, tries = 20): Promise<Map<number, string>> {
  const seen = new Map<number, string>();
  for (let i = 0; i < tries && seen.size < want; i++) {
    const { pid, text } = await scrape(url);
    seen.set(pid, text);
  }
  return seen;
}

/** Sum of a request counter's series whose labels contain every one of `labels`. */
function requests(metrics: string, ...labels: string[]): number {
  return metrics.split('\n')
    .filter((line) => line.startsWith('skafu_http_requests_total{') && labels.every((l) => line.includes(l)))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function newKey(): Promise<string> {
  users += 1;
  return (await createApiKey(store, systemClock, { orgId: 'acme', userId: `user-${users}`, role: 'member' })).key;
}

function cliEnv(configPath = join(dir, 'config.json')): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1',
    SKAFU_AI_DB: join(dir, 'skafu.db'), SKAFU_AI_CONFIG: configPath, SKAFU_AI_LOG: 'warn',
    ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.url,
  };
}

interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Its own process group (as a shell's job), so a test can signal the whole group like Ctrl-C does. */
  detached?: boolean;
  /** Sees the output so far after every chunk. */
  onOutput?: (output: { stdout: string; stderr: string }, child: ChildProcess) => void;
}

/** Runs the CLI from source to its end. */
function runCli(args: string[], options: RunOptions = {}): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    cwd: ROOT, env: options.env ?? cliEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false,
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
    options.onOutput?.(output, child);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
    options.onOutput?.(output, child);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`skafu-ai ${args.join(' ')} did not end\n${output.stderr}`)); }, 40_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, ...output, ms: Date.now() - started }); });
  });
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

beforeAll(async () => {
  fake = await startFakeAnthropic({ latencyMs: 50 });
  dir = mkdtempSync(join(tmpdir(), 'skafu-cluster-'));
  store = createSqliteStore({ path: join(dir, 'skafu.db') });
  await store.init();
  const unlimited = { requestsPerMinute: null, maxConcurrent: null, budgetUsdPerDay: null, budgetUsdPerMonth: null, tokensPerDay: null };
  writeFileSync(join(dir, 'config.json'), JSON.stringify({
    plans: { default: { perUser: { ...unlimited, requestsPerDay: { project_analysis: LIMIT } }, perOrganization: unlimited } },
  }));
  server = await spawnServer({
    dbPath: join(dir, 'skafu.db'), configPath: join(dir, 'config.json'), anthropicUrl: fake.url,
    args: ['--processes', '2', '--rate-limit', '0'],
  });
}, 60_000);

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) await server.stop('SIGKILL');
  await store?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serve --processes 2', () => {
  it('prints {"url"} once on stdout and the banner once, when both workers listen', async () => {
    expect(server.stdout()).toBe(`${JSON.stringify({ url: server.url })}\n`);
    expect(count(server.stderr(), 'skafu-ai serving on')).toBe(1);
    expect(server.stderr()).toContain(`skafu-ai serving on ${server.url} (2 processes)`);
    // Both workers already listen: two distinct processes answer within a couple of connections.
    const workers = await scrapeWorkers(server.url, 2, 6);
    expect(workers.size).toBe(2);
    expect([...workers.keys()]).not.toContain(server.child.pid);
  });

  it('both workers serve /v1: two distinct pids answered analyses', async () => {
    const key = await newKey();
    for (let i = 0; i < 4; i++) {
      const answer = await fresh(`${server.url}/v1/analyses`, { key, body: analysisBody(`served ${i}`) });
      expect(answer.status, answer.text).toBe(201);
      expect(JSON.parse(answer.text)).toMatchObject({ status: 'completed', analysisType: 'requirements' });
    }
    const workers = await scrapeWorkers(server.url, 2);
    expect(workers.size).toBe(2);
    for (const metrics of workers.values()) expect(requests(metrics, 'method="POST"', 'route="/v1/analyses"', 'status="201"')).toBeGreaterThan(0);
  });

  it(`keeps a quota exact across the workers: ${REQUESTS} concurrent requests, limit ${LIMIT} → ${LIMIT} upstream calls`, async () => {
    const key = await newKey();
    const before = await scrapeWorkers(server.url, 2);
    const calls = fake.messageCount();
    const answers = await Promise.all(Array.from({ length: REQUESTS }, (_, i) =>
      fresh(`${server.url}/v1/analyses`, { key, body: analysisBody(`quota ${i}`) })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(REQUESTS - LIMIT);
    expect(fake.messageCount() - calls).toBe(LIMIT);
    const refusal = JSON.parse(answers.find((a) => a.status === 429)!.text) as { error: { limit: string } };
    expect(refusal.error.limit).toBe('perUser.requestsPerDay.project_analysis');
    // Both processes answered some of them: the exactness is the store's, not one process's.
    const after = await scrapeWorkers(server.url, 2);
    for (const [pid, metrics] of after) {
      const answered = requests(metrics, 'route="/v1/analyses"') - requests(before.get(pid) ?? '', 'route="/v1/analyses"');
      expect(answered, `worker ${pid}`).toBeGreaterThan(0);
    }
  }, 30_000);

  it('streams a job\'s progress to clients on either worker (the other worker polls the store)', async () => {
    fake.configure({ latencyMs: 1_200 });
    try {
      const key = await newKey();
      const submitted = await fresh(`${server.url}/v1/analyses?async=true`, { key, body: analysisBody('streamed across workers') });
      expect(submitted.status).toBe(202);
      const { id } = JSON.parse(submitted.text) as { id: string };
      const streams = await Promise.all([0, 1, 2, 3].map(() => fresh(`${server.url}/v1/analyses/${id}/events`, { key })));
      for (const stream of streams) {
        expect(stream.status).toBe(200);
        const last = stream.text.trim().split('\n\n').at(-1) ?? '';
        expect(last.startsWith('event: done\n'), stream.text).toBe(true);
        expect(JSON.parse(last.split('\ndata: ')[1] ?? 'null')).toMatchObject({ id, status: 'completed' });
      }
      // The job ran in one process, yet both served event streams to the end.
      const workers = await scrapeWorkers(server.url, 2);
      for (const metrics of workers.values()) expect(requests(metrics, 'route="/v1/analyses/:id/events"', 'status="200"')).toBeGreaterThan(0);
    } finally {
      fake.configure({ latencyMs: 50 });
    }
  }, 30_000);

  it('replaces a worker killed with SIGKILL, and keeps answering meanwhile', async () => {
    const before = [...(await scrapeWorkers(server.url, 2)).keys()];
    expect(before).toHaveLength(2);
    const victim = before[0]!;
    process.kill(victim, 'SIGKILL');
    await until(async () => !alive(victim), 5_000, 20);
    // A replacement loads the whole service before it listens: on a machine busy with other test
    // files that has taken more than 20 s. The primary's log is attached if it never shows up.
    const replaced = await until(async () => {
      const health = await fresh(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      const { pid } = await scrape(server.url);
      return before.includes(pid) ? null : pid;
    }, 45_000, 100).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; the service logged:\n${server.stderr().slice(-3000)}`);
    });
    expect(alive(replaced)).toBe(true);
    expect(server.stderr()).toContain('worker exited unexpectedly; starting a replacement');
    expect(server.stderr()).toContain(`"pid":${victim}`);
    const answer = await fresh(`${server.url}/v1/analyses`, { key: await newKey(), body: analysisBody('after the replacement') });
    expect(answer.status).toBe(201);
    expect(server.stdout().trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('SIGTERM: every worker finishes its in-flight request and exits, then the primary exits 0', async () => {
    const workers = [...(await scrapeWorkers(server.url, 2)).keys()];
    expect(workers).toHaveLength(2);
    fake.configure({ latencyMs: 1_000 });
    const calls = fake.messageCount();
    const inFlight = fresh(`${server.url}/v1/analyses`, { key: await newKey(), body: analysisBody('in flight at SIGTERM') });
    await until(async () => fake.messageCount() > calls, 10_000, 20);
    const code = await server.stop('SIGTERM');
    expect(code).toBe(0);
    expect((await inFlight).status).toBe(201);
    for (const pid of workers) expect(alive(pid), `worker ${pid}`).toBe(false);
    expect(server.stdout().trim().split('\n')).toHaveLength(1);
    fake.configure({ latencyMs: 50 });
  }, 40_000);
});

describe('serve --processes: Ctrl-C', () => {
  it('SIGINT to the whole process group: each worker shuts down gracefully once, the primary exits 0', async () => {
    let signalled = false;
    const run = await runCli(['serve', '--processes', '2', '--port', '0', '--json'], {
      env: { ...cliEnv(), SKAFU_AI_LOG: 'info' },
      detached: true,
      onOutput: ({ stdout }, child) => {
        if (signalled || !stdout.includes('{"url"') || child.pid === undefined) return;
        signalled = true;
        // What a terminal does on Ctrl-C: the primary and both workers get SIGINT; the primary
        // forwards SIGTERM as well, which a closing worker must shrug off.
        process.kill(-child.pid, 'SIGINT');
      },
    });
    expect(signalled).toBe(true);
    expect(run.code).toBe(0);
    expect(count(run.stderr, '"msg":"shut down"')).toBe(2);
    expect(run.stderr).not.toContain('did not shut down cleanly');
  }, 30_000);
});

describe('serve --processes: start-up failures', () => {
  let blocker: Server;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
  });

  it('a port in use is bad usage, as with a single serve: the same error once, exit 2, no restart loop', async () => {
    const port = String((blocker.address() as AddressInfo).port);
    const [cluster, single] = await Promise.all([
      runCli(['serve', '--processes', '2', '--port', port, '--json']),
      runCli(['serve', '--port', port, '--json']),
    ]);
    expect(single.code).toBe(2);
    expect(cluster).toMatchObject({ code: 2, stdout: single.stdout, stderr: single.stderr });
    expect(count(cluster.stderr, `Port ${port} on 127.0.0.1 is already in use. Stop what listens there, or pick another port with --port`)).toBe(1);
    expect(JSON.parse(cluster.stdout)).toMatchObject({ error: { code: 'invalid_input' } });
  });

  it('a host this machine does not have is bad usage: exit 2 naming --host', async () => {
    const run = await runCli(['serve', '--host', '203.0.113.7', '--port', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--host 203.0.113.7 is not an address of this machine');
  });

  it.each([['0'], ['x']])('--processes %s is bad usage: exit 2 with a clear message', async (value) => {
    const run = await runCli(['serve', '--processes', value, '--port', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: --processes must be "auto" or a whole number from 1 to 256; got "${value}".\n`);
    expect(run.stdout).toBe('');
  });

  it('a configuration error (an unpriced model) fails in the primary before any worker starts: exit 2', async () => {
    writeFileSync(join(dir, 'unpriced.json'), JSON.stringify({ models: { project_analysis: 'claude-unpriced-1' } }));
    const run = await runCli(['serve', '--processes', '2', '--port', '0'], { env: { ...cliEnv(join(dir, 'unpriced.json')), SKAFU_AI_LOG: 'info' } });
    expect(run.code).toBe(2);
    expect(count(run.stderr, 'No price is known for model "claude-unpriced-1"')).toBe(1);
    expect(run.stderr).not.toContain('worker started');
  });

  it('workers that keep dying at start: the primary backs off, then gives up with a clear error, exit 1', async () => {
    const killed = new Set<number>();
    const run = await runCli(['serve', '--processes', '2', '--port', '0', '--json'], {
      env: { ...cliEnv(), SKAFU_AI_LOG: 'info' },
      onOutput: ({ stderr }) => {
        for (const match of stderr.matchAll(/"pid":(\d+),"msg":"worker started"/g)) {
          const pid = Number(match[1]);
          if (killed.has(pid)) continue;
          killed.add(pid);
          process.kill(pid, 'SIGKILL');
        }
      },
    });
    expect(run.code).toBe(1);
    expect(killed.size).toBe(5);
    expect(count(run.stderr, 'worker exited unexpectedly; starting a replacement')).toBe(4);
    expect(run.stderr).toContain('error: The service\'s worker processes keep exiting as soon as they start (5 in a row; the last was killed by SIGKILL); giving up.');
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'workers_keep_exiting' } });
    expect(run.ms).toBeLessThan(30_000);
  }, 40_000);
});
