import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAIIntegrationFromEnv, type Runtime } from '../../src/app/bootstrap.js';
import { StoreUnavailableError } from '../../src/domain/errors.js';
import type { AnalysisRecord } from '../../src/domain/ai-analysis.js';
import type { Store } from '../../src/ports/store.js';
import { openTempSqliteStore } from '../../src/store/sqlite/test-support/temp-store.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';

const alice = { orgId: 'acme', userId: 'alice' };
const request = { analysisType: 'requirements' as const, input: { requirements: 'A room booking service for a small hotel.' } };

let fake: FakeAnthropic;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  fake = await startFakeAnthropic({ latencyMs: 0 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The store with some of its analysis and cache writes replaced (the rest passes through). */
interface Overrides {
  saveAnalysis?: (record: AnalysisRecord, save: () => Promise<AnalysisRecord>) => Promise<AnalysisRecord>;
  reserve?: (reserve: () => Promise<unknown>) => Promise<unknown>;
  putCache?: (put: () => Promise<void>) => Promise<void>;
  settle?: (settle: () => Promise<boolean>) => Promise<boolean>;
}

async function runtimeWith(overrides: Overrides, logLines: string[] = []): Promise<Runtime> {
  const { store, cleanup } = await openTempSqliteStore();
  const wrapped: Store = {
    analyses: {
      save: (record, events) => (overrides.saveAnalysis ?? ((_r, save) => save()))(record, () => store.analyses.save(record, events)),
      get: (orgId, id) => store.analyses.get(orgId, id),
      listByProject: (orgId, projectId, page) => store.analyses.listByProject(orgId, projectId, page),
    },
    generations: store.generations,
    quota: {
      reserve: ((...args: Parameters<Store['quota']['reserve']>) => (overrides.reserve ?? ((go) => go()))(() => store.quota.reserve(...args))) as Store['quota']['reserve'],
      settle: (args) => (overrides.settle ?? ((go) => go()))(() => store.quota.settle(args)),
      release: (id, now) => store.quota.release(id, now),
      releaseExpired: (now) => store.quota.releaseExpired(now),
      extendLease: (id, until) => store.quota.extendLease(id, until),
      readCounters: (keys) => store.quota.readCounters(keys),
    },
    usage: store.usage,
    cache: {
      get: (key, now) => store.cache.get(key, now),
      put: (entry) => (overrides.putCache ?? ((put) => put()))(() => store.cache.put(entry)),
    },
    outbox: store.outbox,
    apiKeys: store.apiKeys,
    jobs: store.jobs,
    init: () => store.init(),
    close: () => store.close(),
  };
  const logs = new Writable({ write(chunk: Buffer, _encoding, done) { logLines.push(chunk.toString()); done(); } });
  const runtime = await createAIIntegrationFromEnv({ ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.url }, { store: wrapped, logger: pino({ level: 'warn' }, logs) });
  cleanups.push(async () => {
    await runtime.close();
    await cleanup();
  });
  return runtime;
}

/** Tracks whether a write has committed yet. */
function tracked<T>(write: Promise<T>): { promise: Promise<T>; done: () => boolean } {
  let settled = false;
  const promise = write.finally(() => { settled = true; });
  return { promise, done: () => settled };
}

describe('the writes of a governed request', () => {
  it('the started analysis is written together with the reservation, not before it', async () => {
    let startCommittedBeforeReserve: boolean | null = null;
    let startWrite: { done: () => boolean } | null = null;
    const runtime = await runtimeWith({
      saveAnalysis: (record, save) => {
        if (record.version > 0) return save();
        const write = tracked(save());
        startWrite = write;
        return write.promise;
      },
      reserve: (reserve) => {
        startCommittedBeforeReserve = startWrite?.done() ?? null;
        return reserve();
      },
    });
    // The first admission of a process also sweeps expired leases (a write of its own) first.
    await runtime.app.analyze(alice, { ...request, input: { requirements: 'A warm-up request.' } });
    const result = await runtime.app.analyze(alice, request);
    expect(result.status).toBe('completed');
    expect(startCommittedBeforeReserve).toBe(false);
  });

  it('the model is not called when the started analysis cannot be stored, and the reservation is released', async () => {
    const runtime = await runtimeWith({
      saveAnalysis: (record, save) => (record.version === 0 ? Promise.reject(new StoreUnavailableError('The store refused the write (test).')) : save()),
    });
    await expect(runtime.app.analyze(alice, request)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(fake.messageCount()).toBe(0);
    const limits = await runtime.app.limits(alice);
    for (const limit of limits.limits) expect({ limit: limit.limit, used: limit.used }).toEqual({ limit: limit.limit, used: 0 });
  });

  it('the cache entry is written together with the finished analysis', async () => {
    let cacheWrite: { done: () => boolean } | null = null;
    let cacheCommittedBeforeFinish: boolean | null = null;
    const runtime = await runtimeWith({
      putCache: (put) => {
        const write = tracked(put());
        cacheWrite = write;
        return write.promise;
      },
      saveAnalysis: (record, save) => {
        if (record.status === 'completed') cacheCommittedBeforeFinish = cacheWrite?.done() ?? null;
        return save();
      },
    });
    expect((await runtime.app.analyze(alice, request)).status).toBe('completed');
    expect(cacheCommittedBeforeFinish).toBe(false);
    expect((await runtime.app.analyze(alice, request)).cached).toBe(true);
    expect(fake.messageCount()).toBe(1);
  });

  it('an answer that cannot be cached is still the result, logged; the next identical request asks the model again', async () => {
    const logLines: string[] = [];
    const runtime = await runtimeWith({ putCache: () => Promise.reject(new StoreUnavailableError('The store refused the cache write (test).')) }, logLines);
    const first = await runtime.app.analyze(alice, request);
    expect(first).toMatchObject({ status: 'completed', cached: false });
    expect((await runtime.app.getAnalysis(alice, first.id))?.status).toBe('completed');
    expect(logLines.join('')).toContain('the answer could not be cached');
    const second = await runtime.app.analyze(alice, request);
    expect(second).toMatchObject({ status: 'completed', cached: false });
    expect(fake.messageCount()).toBe(2);
  });

  it('the usage of the call (its settle) is written together with the finished analysis', async () => {
    let settleWrite: { done: () => boolean } | null = null;
    let settleCommittedBeforeFinish: boolean | null = null;
    const runtime = await runtimeWith({
      settle: (settle) => {
        const write = tracked(settle());
        settleWrite = write;
        return write.promise;
      },
      saveAnalysis: (record, save) => {
        if (record.status === 'completed') settleCommittedBeforeFinish = settleWrite?.done() ?? null;
        return save();
      },
    });
    const result = await runtime.app.analyze(alice, request);
    expect(result.status).toBe('completed');
    expect(settleCommittedBeforeFinish).toBe(false);
    // Answered only once the usage is stored.
    const usage = await runtime.app.usage(alice, { days: 1, orgWide: false });
    expect(usage).toMatchObject({ totalRequests: 1, successfulRequests: 1, totalCostUsd: result.costUsd });
  });

  it('a result whose usage cannot be stored stands, logged; its reservation keeps the worst case counted', async () => {
    const logLines: string[] = [];
    const runtime = await runtimeWith({ settle: () => Promise.reject(new StoreUnavailableError('The store refused the settle (test).')) }, logLines);
    const result = await runtime.app.analyze(alice, request);
    expect(result).toMatchObject({ status: 'completed', cached: false });
    expect(logLines.join('')).toContain('the usage of a model call could not be recorded');
    const limits = await runtime.app.limits(alice);
    const requestsToday = limits.limits.find((l) => l.limit === 'perUser.requestsPerDay.project_analysis');
    expect(requestsToday?.used).toBe(1);
  });
});
