import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AIAnalysis } from '../domain/ai-analysis.js';
import { CodeGeneration } from '../domain/code-generation.js';
import type { DomainEvent } from '../domain/events.js';
import { uuidV7Ids } from '../ports/ids.js';
import { resolveConfig } from '../config/load-config.js';
import { openTempSqliteStore } from '../store/sqlite/test-support/temp-store.js';
import type { Progress } from './ai-integration.js';
import { createAIIntegrationFromEnv, type Runtime } from './bootstrap.js';

const identity = { orgId: 'acme', userId: 'ann' };
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function simulatedRuntime(): Promise<Runtime> {
  const { store, cleanup } = await openTempSqliteStore();
  cleanups.push(cleanup);
  return createAIIntegrationFromEnv({}, { simulate: true, store, logger: pino({ level: 'silent' }) });
}

const now = (): string => new Date().toISOString();
const leaseUntil = (): string => new Date(Date.now() + 60_000).toISOString();
const ctx = () => ({ now: now(), newId: () => uuidV7Ids.newId() });

/** A worker claims the job and starts its aggregate, then vanishes before it ends. */
async function claimAndDie(runtime: Runtime, id: string): Promise<void> {
  const { store } = runtime;
  expect(await store.jobs.claim(id, 'vanished-worker', now(), leaseUntil())).not.toBeNull();
  const analysis = await store.analyses.get(identity.orgId, id);
  if (analysis) {
    const a = AIAnalysis.fromRecord(analysis);
    a.start(ctx());
    await store.analyses.save(a.toRecord(), a.pullEvents());
    return;
  }
  const generation = await store.generations.get(identity.orgId, id);
  if (!generation) throw new Error(`no aggregate ${id}`);
  const g = CodeGeneration.fromRecord(generation);
  g.start(ctx());
  await store.generations.save(g.toRecord(), g.pullEvents());
}

/** The aggregate's events waiting in the outbox, oldest first. */
async function eventsOf(runtime: Runtime, id: string): Promise<DomainEvent[]> {
  const entries = await runtime.store.outbox.claim(1_000, now(), 60_000);
  return entries.map((e) => e.event).filter((e) => e.aggregateId === id);
}

const submitAnalysis = (runtime: Runtime) =>
  runtime.app.submitAnalysis(identity, { analysisType: 'requirements', input: { requirements: 'A todo API with users and due dates.' } });

describe('recovering a job whose worker vanished', () => {
  it('a retried job that then completes records Retried, never TimedOut', async () => {
    const runtime = await simulatedRuntime();
    const { id } = await submitAnalysis(runtime);
    await claimAndDie(runtime, id);
    expect(await runtime.app.recoverJob(id)).toBe('retried');
    expect(await runtime.store.jobs.claim(id, 'next-worker', now(), leaseUntil())).not.toBeNull();
    await runtime.app.runJob(id);

    expect((await runtime.app.getAnalysis(identity, id)).status).toBe('completed');
    const events = await eventsOf(runtime, id);
    expect(events.map((e) => e.name)).toEqual(['AIAnalysisStarted', 'AIAnalysisRetried', 'AIAnalysisStarted', 'AIAnalysisCompleted']);
    expect(events[1]?.payload).toEqual({ projectId: 'default', attempt: 2, reason: 'lease_expired' });
  });

  it('a job out of retries ends timeout with exactly one TimedOut, its last event', async () => {
    const runtime = await simulatedRuntime();
    const { id } = await submitAnalysis(runtime);
    await claimAndDie(runtime, id);
    expect(await runtime.app.recoverJob(id)).toBe('retried');
    await claimAndDie(runtime, id);
    expect(await runtime.app.recoverJob(id)).toBe('timed_out');

    expect((await runtime.app.getAnalysis(identity, id)).status).toBe('timeout');
    expect((await eventsOf(runtime, id)).map((e) => e.name)).toEqual(['AIAnalysisStarted', 'AIAnalysisRetried', 'AIAnalysisStarted', 'AIAnalysisTimedOut']);
  });

  it('a job handed back at shutdown records Retried (handed_back) each time and never times out for it', async () => {
    const runtime = await simulatedRuntime();
    const { id } = await submitAnalysis(runtime);
    for (let i = 0; i < 3; i += 1) {
      await claimAndDie(runtime, id);
      expect(await runtime.app.recoverJob(id, { handBack: true })).toBe('retried');
    }
    expect(await runtime.store.jobs.get(id)).toMatchObject({ state: 'queued', attempts: 0 });
    expect((await runtime.app.getAnalysis(identity, id)).status).toBe('queued');
    const events = await eventsOf(runtime, id);
    expect(events.map((e) => e.name)).not.toContain('AIAnalysisTimedOut');
    expect(events.filter((e) => e.name === 'AIAnalysisRetried').map((e) => e.payload)).toEqual([2, 3, 4].map((attempt) => ({ projectId: 'default', attempt, reason: 'handed_back' })));
  });

  it('does the same for a code generation', async () => {
    const runtime = await simulatedRuntime();
    const { id } = await runtime.app.submitGeneration(identity, { generationType: 'service', specification: 'A users service in TypeScript' });
    await claimAndDie(runtime, id);
    expect(await runtime.app.recoverJob(id)).toBe('retried');
    await claimAndDie(runtime, id);
    expect(await runtime.app.recoverJob(id)).toBe('timed_out');

    expect((await runtime.app.getGeneration(identity, id)).status).toBe('timeout');
    expect((await eventsOf(runtime, id)).map((e) => e.name)).toEqual(['CodeGenerationStarted', 'CodeGenerationRetried', 'CodeGenerationStarted', 'CodeGenerationTimedOut']);
  });

  it('a job whose worker vanished before starting it stays queued and records nothing', async () => {
    const runtime = await simulatedRuntime();
    const { id } = await submitAnalysis(runtime);
    expect(await runtime.store.jobs.claim(id, 'vanished-worker', now(), leaseUntil())).not.toBeNull();
    expect(await runtime.app.recoverJob(id)).toBe('retried');
    expect((await runtime.app.getAnalysis(identity, id)).status).toBe('queued');
    expect(await eventsOf(runtime, id)).toEqual([]);
  });
});

describe('a queued job and its limits', () => {
  it('waits for a per-minute limit to reset instead of failing (no client is waiting on it)', async () => {
    const { store, cleanup } = await openTempSqliteStore();
    cleanups.push(cleanup);
    // Real time shifted so that the current minute ends in 400 ms.
    const offset = (Math.floor(Date.now() / 60_000) + 2) * 60_000 - 400 - Date.now();
    const clock = { now: () => new Date(Date.now() + offset) };
    const config = resolveConfig({ plans: { default: { perUser: { requestsPerMinute: 1 } } } });
    const runtime = await createAIIntegrationFromEnv({}, { simulate: true, store, clock, config, logger: pino({ level: 'silent' }) });
    const first = await runtime.app.submitAnalysis(identity, { analysisType: 'requirements', input: { requirements: 'A todo API.' } });
    const second = await runtime.app.submitAnalysis(identity, { analysisType: 'requirements', input: { requirements: 'A notes API.' } });
    await runtime.app.runJob(first.id);
    const minute = Math.floor(clock.now().getTime() / 60_000);
    const progress: Progress[] = [];
    const unsubscribe = runtime.app.onProgress(second.id, (event) => progress.push(event));
    await runtime.app.runJob(second.id);
    unsubscribe();
    expect(Math.floor(clock.now().getTime() / 60_000)).toBe(minute + 1);
    expect((await runtime.app.getAnalysis(identity, second.id))?.status).toBe('completed');
    // Its watchers are told what it waits for, and until when.
    expect(progress.filter((event) => event.type === 'waiting')).toEqual([
      { type: 'waiting', id: second.id, limit: 'perUser.requestsPerMinute', resetsAt: new Date((minute + 1) * 60_000).toISOString() },
    ]);
  });
});
