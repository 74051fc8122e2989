import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/http/auth/create-api-key.js';
import { systemClock } from '../../src/ports/clock.js';
import type { Store } from '../../src/ports/store.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { analysisBody, call } from './support/client.js';
import { spawnServer, type ServerProcess } from './support/server-process.js';

let fake: FakeAnthropic;
let dir: string;
let store: Store;
let servers: ServerProcess[] = [];

const LIMIT = 25;
const REQUESTS = 80;

beforeAll(async () => {
  fake = await startFakeAnthropic({ latencyMs: 50 });
  dir = mkdtempSync(join(tmpdir(), 'skafu-two-'));
  store = createSqliteStore({ path: join(dir, 'skafu.db') });
  await store.init();
  const unlimited = { requestsPerMinute: null, maxConcurrent: null, budgetUsdPerDay: null, budgetUsdPerMonth: null, tokensPerDay: null };
  writeFileSync(join(dir, 'config.json'), JSON.stringify({
    plans: { default: { perUser: { ...unlimited, requestsPerDay: { project_analysis: LIMIT } }, perOrganization: unlimited } },
  }));
  servers = await Promise.all([0, 1].map(() => spawnServer({ dbPath: join(dir, 'skafu.db'), configPath: join(dir, 'config.json'), anthropicUrl: fake.url, args: ['--rate-limit', '0'] })));
}, 120_000);
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  await store?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('two server processes sharing one SQLite file', () => {
  it(`keep a quota exact: ${REQUESTS} concurrent requests, limit ${LIMIT} → ${LIMIT} upstream calls, ${REQUESTS - LIMIT} × 429`, async () => {
    const { key } = await createApiKey(store, systemClock, { orgId: 'acme', userId: 'ann', role: 'member' });
    // Waves 20 ms apart (each request's model call takes 50 ms, so they overlap): a process commits
    // the reservations of one event-loop turn together, and one burst would let one process win all.
    const pending: Promise<Awaited<ReturnType<typeof call<{ error?: { limit?: string } }>>>>[] = [];
    for (let i = 0; i < REQUESTS; i += 1) {
      if (i > 0 && i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      pending.push(call<{ error?: { limit?: string } }>(`${servers[i % 2]!.url}/v1/analyses`, { key, body: analysisBody(`distinct request ${i}`) }));
    }
    const answers = await Promise.all(pending);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(REQUESTS - LIMIT);
    expect(fake.messageCount()).toBe(LIMIT);
    for (const refused of answers.filter((a) => a.status === 429)) {
      expect(refused.body.error?.limit).toBe('perUser.requestsPerDay.project_analysis');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Both processes served successes: the exactness is the store's, not one process's.
    const servedBy = answers.map((a, i) => (a.status === 201 ? i % 2 : -1)).filter((s) => s >= 0);
    expect(new Set(servedBy).size).toBe(2);
  }, 60_000);
});
