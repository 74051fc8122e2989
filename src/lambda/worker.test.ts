import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { pino, type Logger } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAIIntegrationFromEnv, type Runtime } from '../app/bootstrap.js';
import { AIAnalysis } from '../domain/ai-analysis.js';
import type { DomainEvent } from '../domain/events.js';
import { createWebhookPublisher } from '../events/index.js';
import { uuidV7Ids } from '../ports/ids.js';
import { openTempSqliteStore } from '../store/sqlite/test-support/temp-store.js';
import { startFakeWebhook, type FakeWebhook } from '../../test/support/fake-webhook.js';
import { createScheduledHandler, createWorkerHandler, type WorkerOptions } from './worker.js';

const identity = { orgId: 'acme', userId: 'ann' };
const quiet = pino({ level: 'silent' });
const context = { getRemainingTimeInMillis: () => 120_000 };

function sqsEvent(messages: { id: string; body: string; receiveCount?: number }[]): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.id,
      body: m.body,
      attributes: { ApproximateReceiveCount: String(m.receiveCount ?? 1) },
      eventSource: 'aws:sqs',
    }) as unknown as SQSRecord),
  };
}

describe('Lambda worker', () => {
  let hook: FakeWebhook;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    hook = await startFakeWebhook();
  });
  afterAll(() => hook.close());
  afterEach(async () => {
    hook.received.length = 0;
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function simulatedRuntime(logger: Logger = quiet): Promise<Runtime> {
    const { store, cleanup } = await openTempSqliteStore();
    cleanups.push(cleanup);
    return createAIIntegrationFromEnv({}, { simulate: true, store, logger });
  }

  const options = (runtime: Runtime, extra: Partial<WorkerOptions> = {}): WorkerOptions => ({
    env: {},
    logger: quiet,
    createRuntime: () => Promise.resolve(runtime),
    createPublishers: () => [createWebhookPublisher({ url: hook.url, secret: 'whsec-worker', backoffMs: 1 })],
    ...extra,
  });

  const submit = (runtime: Runtime, requirements = 'A todo API with users and due dates.') =>
    runtime.app.submitAnalysis(identity, { analysisType: 'requirements', input: { requirements } });

  const deliveredNames = () => hook.received.map((r) => (JSON.parse(r.body) as DomainEvent).name);

  it('runs the job of each message, marks it done and delivers its events', async () => {
    const runtime = await simulatedRuntime();
    const submitted = await submit(runtime);
    expect(submitted.status).toBe('queued');
    const handler = createWorkerHandler(options(runtime));

    const response = await handler(sqsEvent([{ id: 'm1', body: JSON.stringify({ jobId: submitted.id }) }]), context);

    expect(response).toEqual({ batchItemFailures: [] });
    const result = await runtime.app.getAnalysis(identity, submitted.id);
    expect(result.status).toBe('completed');
    expect(result.model).toBe('simulated');
    expect((await runtime.store.jobs.get(submitted.id))?.state).toBe('done');
    expect(deliveredNames()).toEqual(expect.arrayContaining(['AIAnalysisStarted', 'AIAnalysisCompleted']));
  });

  it('reports only the messages to retry: a malformed body, not an unknown or finished job', async () => {
    const runtime = await simulatedRuntime();
    const good = await submit(runtime);
    const handler = createWorkerHandler(options(runtime));
    const response = await handler(sqsEvent([
      { id: 'good', body: JSON.stringify({ jobId: good.id }) },
      { id: 'malformed', body: 'not json' },
      { id: 'unknown', body: JSON.stringify({ jobId: 'no-such-job' }) },
    ]), context);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'malformed' }] });
    expect((await runtime.app.getAnalysis(identity, good.id)).status).toBe('completed');

    // The same message again (SQS delivers at least once) finds the job done and changes nothing.
    const again = await handler(sqsEvent([{ id: 'good', body: JSON.stringify({ jobId: good.id }), receiveCount: 2 }]), context);
    expect(again).toEqual({ batchItemFailures: [] });
    expect((await runtime.app.getAnalysis(identity, good.id)).status).toBe('completed');
  });

  it('recovers a job whose earlier run died mid-way, then runs it to the end', async () => {
    const runtime = await simulatedRuntime();
    const submitted = await submit(runtime);
    // An earlier invocation started the analysis and was cut off (timeout, crash).
    const record = await runtime.store.analyses.get(identity.orgId, submitted.id);
    const analysis = AIAnalysis.fromRecord(record ?? (() => { throw new Error('analysis not stored'); })());
    analysis.start({ now: new Date().toISOString(), newId: () => uuidV7Ids.newId() });
    await runtime.store.analyses.save(analysis.toRecord(), analysis.pullEvents());

    const handler = createWorkerHandler(options(runtime));
    const response = await handler(sqsEvent([{ id: 'm2', body: JSON.stringify({ jobId: submitted.id }), receiveCount: 2 }]), context);

    expect(response).toEqual({ batchItemFailures: [] });
    const result = await runtime.app.getAnalysis(identity, submitted.id);
    expect(result.status).toBe('completed');
    expect(deliveredNames()).toEqual(expect.arrayContaining(['AIAnalysisStarted', 'AIAnalysisRetried', 'AIAnalysisCompleted']));
    expect(deliveredNames()).not.toContain('AIAnalysisTimedOut'); // the job did not end: it was run again
  });

  it('counts each run as an attempt, and times out a job delivered again after its two runs died', async () => {
    const runtime = await simulatedRuntime();
    const handler = createWorkerHandler(options(runtime));
    const done = await submit(runtime);
    await handler(sqsEvent([{ id: 'm1', body: JSON.stringify({ jobId: done.id }) }]), context);
    expect(await runtime.store.jobs.get(done.id)).toMatchObject({ state: 'done', attempts: 1 });

    // Two invocations started this job and were cut off: what they leave behind is a running job with
    // two attempts and an analysis in progress. SQS delivers the message a third time.
    const stuck = await submit(runtime, 'A booking service with rooms and guests.');
    const record = await runtime.store.analyses.get(identity.orgId, stuck.id);
    const analysis = AIAnalysis.fromRecord(record ?? (() => { throw new Error('analysis not stored'); })());
    analysis.start({ now: new Date().toISOString(), newId: () => uuidV7Ids.newId() });
    await runtime.store.analyses.save(analysis.toRecord(), analysis.pullEvents());
    const job = await runtime.store.jobs.get(stuck.id);
    await runtime.store.jobs.enqueue({ ...job!, state: 'running', attempts: 2, leaseOwner: 'sqs:m-old', leaseExpiresAt: new Date().toISOString() });

    const response = await handler(sqsEvent([{ id: 'm3', body: JSON.stringify({ jobId: stuck.id }), receiveCount: 3 }]), context);
    expect(response).toEqual({ batchItemFailures: [] });
    expect((await runtime.app.getAnalysis(identity, stuck.id)).status).toBe('timeout');
    expect(await runtime.store.jobs.get(stuck.id)).toMatchObject({ state: 'done', attempts: 2 });
    expect(deliveredNames()).toContain('AIAnalysisTimedOut');
  });

  it('runs a job once when its message is delivered twice at the same time; the other delivery comes back later', async () => {
    const runtime = await simulatedRuntime();
    const submitted = await submit(runtime);
    const handler = createWorkerHandler(options(runtime));
    const body = JSON.stringify({ jobId: submitted.id });

    const response = await handler(sqsEvent([{ id: 'm1', body }, { id: 'm1-again', body }]), context);

    expect(response.batchItemFailures).toHaveLength(1);
    expect((await runtime.app.getAnalysis(identity, submitted.id)).status).toBe('completed');
    expect(await runtime.store.jobs.get(submitted.id)).toMatchObject({ state: 'done', attempts: 1 });
    expect(deliveredNames().filter((name) => name === 'AIAnalysisStarted')).toHaveLength(1);

    // Delivered again later, it finds the job done and is deleted.
    const again = await handler(sqsEvent([{ id: response.batchItemFailures[0]!.itemIdentifier, body, receiveCount: 2 }]), context);
    expect(again).toEqual({ batchItemFailures: [] });
    expect(await runtime.store.jobs.get(submitted.id)).toMatchObject({ state: 'done', attempts: 1 });
  });

  it('leaves a job that another invocation is running alone, and does not mark it done', async () => {
    const logged: { level: number; msg: string }[] = [];
    const runtime = await simulatedRuntime(pino({ level: 'info' }, { write: (line: string) => { logged.push(JSON.parse(line) as { level: number; msg: string }); } }));
    const submitted = await submit(runtime);
    const until = new Date(Date.now() + 60_000).toISOString();
    await runtime.store.jobs.claim(submitted.id, 'sqs:m-first', new Date().toISOString(), until);
    const handler = createWorkerHandler(options(runtime));

    const response = await handler(sqsEvent([{ id: 'm-dup', body: JSON.stringify({ jobId: submitted.id }), receiveCount: 2 }]), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-dup' }] });
    expect(await runtime.store.jobs.get(submitted.id)).toMatchObject({ state: 'running', attempts: 1, leaseOwner: 'sqs:m-first', leaseExpiresAt: until });
    expect((await runtime.app.getAnalysis(identity, submitted.id)).status).toBe('queued');
    // Expected under at-least-once delivery: information for the operator, not an error.
    expect(logged.filter((entry) => entry.level >= 50)).toEqual([]);
    expect(logged.map((entry) => entry.msg)).toContain('job message handed back: another delivery runs its job');
  });

  it('asks for the whole batch again when the core cannot be built, and builds it on the next call', async () => {
    const runtime = await simulatedRuntime();
    const submitted = await submit(runtime);
    let builds = 0;
    const handler = createWorkerHandler(options(runtime, {
      createRuntime: () => {
        builds += 1;
        return builds === 1 ? Promise.reject(new Error('Secrets Manager unreachable')) : Promise.resolve(runtime);
      },
    }));
    const event = sqsEvent([{ id: 'a', body: JSON.stringify({ jobId: submitted.id }) }, { id: 'b', body: JSON.stringify({ jobId: 'x' }) }]);
    expect(await handler(event, context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }] });
    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    expect(builds).toBe(2);
    expect((await runtime.app.getAnalysis(identity, submitted.id)).status).toBe('completed');
  });

  it('scheduled run delivers pending events and releases expired reservations', async () => {
    const runtime = await simulatedRuntime();
    const now = new Date();
    const past = new Date(now.getTime() - 60_000).toISOString();
    const reserved = await runtime.store.quota.reserve({
      reservationId: 'r-1',
      increments: [{ key: 'user:acme:ann:requests:day', amount: 1, limit: 10, expiresAt: new Date(now.getTime() + 86_400_000).toISOString() }],
      leaseExpiresAt: past,
      now: past,
    });
    expect(reserved).toEqual({ ok: true });
    await runtime.store.outbox.append([{
      id: 'evt-limit', name: 'AIUsageLimitExceeded', occurredAt: past, orgId: 'acme', aggregateId: 'ann',
      payload: { operation: 'project_analysis', userId: 'ann', limit: 'perUser.requestsPerDay.project_analysis', limitValue: 10, current: 10 },
    }]);
    const scheduled = createScheduledHandler(options(runtime));
    expect(await scheduled()).toEqual({ delivered: 1, failed: 0, released: 1 });
    expect(deliveredNames()).toEqual(['AIUsageLimitExceeded']);
    expect((await runtime.store.quota.readCounters(['user:acme:ann:requests:day'])).get('user:acme:ann:requests:day')).toBe(0);
  });
});
