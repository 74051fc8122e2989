import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AIAnalysis } from '../domain/ai-analysis.js';
import { CodeGeneration } from '../domain/code-generation.js';
import type { DomainEvent } from '../domain/events.js';
import type { EventPublisher } from '../ports/event-publisher.js';
import type { Store } from '../ports/store.js';
import { createSqliteStore } from '../store/sqlite/index.js';
import { startFakeEventBridge, type FakeEventBridge } from '../../test/support/fake-eventbridge.js';
import { startFakeWebhook, type FakeWebhook } from '../../test/support/fake-webhook.js';
import type { EventLogger } from './event-logger.js';
import { createEventBridgePublisher } from './eventbridge-publisher.js';
import { createOutboxDispatcher } from './outbox-dispatcher.js';
import { createWebhookPublisher } from './webhook-publisher.js';

interface TestStore { store: Store; close(): Promise<void> }

async function openStore(): Promise<TestStore> {
  const dir = await mkdtemp(join(tmpdir(), 'skafu-dispatch-'));
  const store = createSqliteStore({ path: join(dir, 'skafu.db') });
  await store.init();
  return {
    store,
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function recordingLogger(): EventLogger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const log = (level: string) => (_fields: Record<string, unknown>, message: string) => { lines.push({ level, message }); };
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

function manualClock(start = Date.parse('2030-01-01T00:00:00Z')) {
  let nowMs = start;
  return { now: () => new Date(nowMs), advance: (ms: number) => { nowMs += ms; } };
}

function limitEvent(n: number, clockStart = Date.parse('2030-01-01T00:00:00Z')): DomainEvent {
  return {
    id: `evt-${String(n).padStart(4, '0')}`,
    name: 'AIUsageLimitExceeded',
    occurredAt: new Date(clockStart - 60_000 + n).toISOString(),
    orgId: 'acme',
    aggregateId: 'user-1',
    payload: { operation: 'code_generation', userId: 'user-1', limit: 'perUser.requestsPerDay.code_generation', limitValue: 5, current: 5 },
  };
}

const eventIdsOf = (bodies: string[]): string[] => bodies.map((b) => (JSON.parse(b) as DomainEvent).id);

describe('createOutboxDispatcher', () => {
  let hook: FakeWebhook;
  let bus: FakeEventBridge;
  let client: EventBridgeClient;
  let opened: TestStore;

  beforeAll(async () => {
    hook = await startFakeWebhook();
    bus = await startFakeEventBridge();
    client = new EventBridgeClient({ region: 'us-east-1', endpoint: bus.url, credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' }, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await Promise.all([hook.close(), bus.close()]);
  });
  afterEach(async () => {
    hook.received.length = 0;
    hook.attempts.length = 0;
    bus.accepted.length = 0;
    bus.requestSizes.length = 0;
    await opened.close();
  });

  const publishers = (): EventPublisher[] => [
    createWebhookPublisher({ url: hook.url, secret: 'whsec-dispatch', backoffMs: 1, maxBackoffMs: 5, maxAttempts: 2 }),
    createEventBridgePublisher({ eventBusName: 'skafu-bus', client, backoffMs: 1, maxAttempts: 2 }),
  ];

  it('publishes due events to every publisher and marks them delivered once all accepted', async () => {
    opened = await openStore();
    const clock = manualClock();
    const logger = recordingLogger();
    const events = Array.from({ length: 12 }, (_, i) => limitEvent(i));
    await opened.store.outbox.append(events);
    const dispatcher = createOutboxDispatcher({ store: opened.store, publishers: publishers(), clock, logger });
    expect(await dispatcher.runOnce()).toEqual({ delivered: 12, failed: 0 });
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 0 });
    expect(eventIdsOf(hook.received.map((r) => r.body)).sort()).toEqual(events.map((e) => e.id));
    expect(eventIdsOf(bus.accepted.map((e) => e.Detail ?? '')).sort()).toEqual(events.map((e) => e.id));
    expect(bus.requestSizes.sort((a, b) => b - a)).toEqual([10, 2]);
  });

  it('schedules an event one publisher refused and delivers it again to all, later (at least once)', async () => {
    opened = await openStore();
    const clock = manualClock();
    const logger = recordingLogger();
    const events = [limitEvent(1), limitEvent(2)];
    await opened.store.outbox.append(events);
    bus.failEntry('evt-0002', 2);
    const dispatcher = createOutboxDispatcher({ store: opened.store, publishers: publishers(), clock, logger, retryBaseMs: 10_000 });

    expect(await dispatcher.runOnce()).toEqual({ delivered: 1, failed: 1 });
    expect(logger.lines.some((l) => l.level === 'warn' && l.message.includes('scheduled again'))).toBe(true);
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 0 });
    clock.advance(10_000);
    expect(await dispatcher.runOnce()).toEqual({ delivered: 1, failed: 0 });

    // The webhook accepted evt-0002 both times; receivers de-duplicate by X-Skafu-Event-Id.
    const webhookIds = eventIdsOf(hook.received.map((r) => r.body));
    expect(webhookIds.filter((id) => id === 'evt-0002')).toHaveLength(2);
    expect(hook.received.filter((r) => r.headers['x-skafu-event-id'] === 'evt-0002')).toHaveLength(2);
    expect(eventIdsOf(bus.accepted.map((e) => e.Detail ?? '')).sort()).toEqual(['evt-0001', 'evt-0002']);
  });

  it('treats a publisher that throws as failing the whole batch and logs it', async () => {
    opened = await openStore();
    const clock = manualClock();
    const logger = recordingLogger();
    await opened.store.outbox.append([limitEvent(1)]);
    const broken: EventPublisher = { name: 'broken', publish: () => Promise.reject(new Error('socket hang up')) };
    const dispatcher = createOutboxDispatcher({ store: opened.store, publishers: [...publishers(), broken], clock, logger, retryBaseMs: 1000 });
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 1 });
    expect(logger.lines.some((l) => l.level === 'error' && l.message.includes('publisher threw'))).toBe(true);
    clock.advance(1000);
    const healed = createOutboxDispatcher({ store: opened.store, publishers: publishers(), clock, logger });
    expect(await healed.runOnce()).toEqual({ delivered: 1, failed: 0 });
  });

  it('drains every due event in full batches without a background loop', async () => {
    opened = await openStore();
    const dispatcher = createOutboxDispatcher({ store: opened.store, publishers: publishers(), clock: manualClock(), logger: recordingLogger(), batchSize: 20 });
    await opened.store.outbox.append(Array.from({ length: 45 }, (_, i) => limitEvent(i)));
    expect(await dispatcher.drain()).toEqual({ delivered: 45, failed: 0 });
    expect(hook.received).toHaveLength(45);
  });

  it('delivers in the background after start and drains what is due on stop', async () => {
    opened = await openStore();
    const clock = manualClock();
    const dispatcher = createOutboxDispatcher({ store: opened.store, publishers: publishers(), clock, logger: recordingLogger(), intervalMs: 5, batchSize: 10 });
    dispatcher.start();
    await opened.store.outbox.append([limitEvent(1)]);
    for (let i = 0; i < 200 && hook.received.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(eventIdsOf(hook.received.map((r) => r.body))).toEqual(['evt-0001']);

    await opened.store.outbox.append(Array.from({ length: 35 }, (_, i) => limitEvent(100 + i)));
    await dispatcher.stop();
    expect(new Set(eventIdsOf(bus.accepted.map((e) => e.Detail ?? ''))).size).toBe(36);
    expect(await dispatcher.runOnce()).toEqual({ delivered: 0, failed: 0 });
  });

  it('publishes no value from an aggregate’s input, output or generated files', async () => {
    opened = await openStore();
    const clock = manualClock();
    const planted = ['PLANTED-INPUT-4c1e9', 'planted.person@example.org', 'PLANTED-SPEC-77aa', 'PLANTED-OUTPUT-d00d', 'PLANTED-FILE-CONTENT-19'];
    const ids = Array.from({ length: 20 }, (_, i) => `id-${i}`);
    const ctx = { now: clock.now().toISOString(), newId: () => ids.shift() ?? 'exhausted' };
    const identity = { orgId: 'acme', userId: 'user-1' };

    const analysis = AIAnalysis.create({ id: 'an-1', identity, projectId: 'p1', analysisType: 'requirements', now: ctx.now });
    analysis.start(ctx, { requirements: `Build a shop. Secret ${planted[0]}, contact ${planted[1]}` }, []);
    analysis.complete(ctx, {
      output: { summary: planted[3] },
      recommendations: [{ title: 'Use DynamoDB', description: `Because ${planted[0]}`, priority: 'high', category: 'architecture', impact: 'high' }],
      confidenceScore: 0.8, tokensUsed: { input: 10, output: 5, cacheCreation: 0, cacheRead: 0 }, costMicroUsd: 120, model: 'claude-sonnet-5-5', cached: false,
    });
    const generation = CodeGeneration.create({ id: 'gen-1', identity, projectId: 'p1', generationType: 'service', now: ctx.now });
    generation.start(ctx, { specification: { name: planted[2] }, templateContext: { owner: planted[1] } }, []);
    generation.finish(ctx, {
      files: [{ path: 'src/handler.ts', content: `export const x = '${planted[4]}';` }],
      validationResults: [{ fileName: 'src/handler.ts', isValid: true, language: 'typescript', errors: [], warnings: [], metrics: { linesOfCode: 1, complexity: 1 } }],
      findings: [], tokensUsed: { input: 10, output: 5, cacheCreation: 0, cacheRead: 0 }, costMicroUsd: 90, model: 'claude-sonnet-5-5', cached: false,
    });
    // The records do hold the planted values, so the scan below can fail.
    expect(JSON.stringify([analysis.toRecord(), generation.toRecord()])).toContain(planted[0]);
    const analysisEvents = analysis.pullEvents();
    const generationEvents = generation.pullEvents();
    expect([...analysisEvents, ...generationEvents].map((e) => e.name))
      .toEqual(['AIAnalysisStarted', 'AIAnalysisCompleted', 'CodeGenerationStarted', 'CodeGenerationCompleted']);
    // Saved the way the core saves them: the record with its events, which land in the outbox.
    await opened.store.analyses.save(analysis.toRecord(), analysisEvents);
    await opened.store.generations.save(generation.toRecord(), generationEvents);

    const dispatcher = createOutboxDispatcher({ store: opened.store, publishers: publishers(), clock, logger: recordingLogger() });
    expect(await dispatcher.runOnce()).toEqual({ delivered: 4, failed: 0 });
    const published = [...hook.received.map((r) => r.body), ...bus.accepted.map((e) => JSON.stringify(e))];
    expect(published).toHaveLength(8);
    for (const body of published) for (const value of planted) expect(body).not.toContain(value);
  });
});
