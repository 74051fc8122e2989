import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events.js';
import { startFakeEventBridge, type FakeEventBridge } from '../../test/support/fake-eventbridge.js';
import { createEventBridgePublisher, EVENT_SOURCE } from './eventbridge-publisher.js';

function startedEvent(n: number): DomainEvent {
  return {
    id: `evt-${String(n).padStart(3, '0')}`,
    name: n % 2 === 0 ? 'AIAnalysisStarted' : 'CodeGenerationStarted',
    occurredAt: new Date(Date.UTC(2030, 0, 1, 0, 0, n)).toISOString(),
    orgId: 'acme',
    aggregateId: `agg-${n}`,
    payload: n % 2 === 0 ? { projectId: 'p1', analysisType: 'requirements' } : { projectId: 'p1', generationType: 'service' },
  } as DomainEvent;
}

describe('createEventBridgePublisher', () => {
  let fake: FakeEventBridge;
  let client: EventBridgeClient;

  beforeEach(async () => {
    fake = await startFakeEventBridge();
    // SDK-level retries off so the publisher's own retries are what the tests observe.
    client = new EventBridgeClient({ region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' }, maxAttempts: 1 });
  });
  afterEach(async () => {
    client.destroy();
    await fake.close();
  });

  const publisher = (maxAttempts = 3) => createEventBridgePublisher({ eventBusName: 'skafu-bus', client, backoffMs: 1, maxAttempts });

  it('puts events in batches of at most 10 with source, detail-type and the event as detail', async () => {
    const events = Array.from({ length: 25 }, (_, i) => startedEvent(i));
    expect(await publisher().publish(events)).toEqual({ failedIds: [] });
    expect(fake.requestSizes.sort((a, b) => b - a)).toEqual([10, 10, 5]);
    expect(fake.accepted).toHaveLength(25);
    const byId = new Map(fake.accepted.map((entry) => [(JSON.parse(entry.Detail ?? '{}') as DomainEvent).id, entry]));
    for (const event of events) {
      const entry = byId.get(event.id);
      expect(entry?.Source).toBe(EVENT_SOURCE);
      expect(entry?.DetailType).toBe(event.name);
      expect(entry?.EventBusName).toBe('skafu-bus');
      expect(JSON.parse(entry?.Detail ?? '')).toEqual(event);
      expect(entry?.Time).toBe(Date.parse(event.occurredAt) / 1000);
    }
  });

  it('re-sends only the entries the service reported as failed', async () => {
    const events = Array.from({ length: 4 }, (_, i) => startedEvent(i));
    fake.failEntry('evt-001', 2, 'ThrottlingException');
    fake.failEntry('evt-003', 1);
    expect(await publisher().publish(events)).toEqual({ failedIds: [] });
    expect(fake.requestSizes).toEqual([4, 2, 1]);
    expect(fake.accepted.map((e) => (JSON.parse(e.Detail ?? '{}') as DomainEvent).id).sort()).toEqual(['evt-000', 'evt-001', 'evt-002', 'evt-003']);
  });

  it('reports entries that keep failing in failedIds and delivers the rest', async () => {
    const events = Array.from({ length: 3 }, (_, i) => startedEvent(i));
    fake.failEntry('evt-002', 99);
    expect(await publisher(3).publish(events)).toEqual({ failedIds: ['evt-002'] });
    expect(fake.requestSizes).toEqual([3, 1, 1]);
    expect(fake.accepted).toHaveLength(2);
  });

  it('retries a batch whose whole request failed on the service side', async () => {
    fake.failNextRequests(1, 'InternalException', 500);
    expect(await publisher().publish([startedEvent(1)])).toEqual({ failedIds: [] });
    expect(fake.requestSizes).toEqual([1, 1]);
  });

  it('does not hammer a bus that rejects the request as a client error', async () => {
    fake.failNextRequests(1, 'ResourceNotFoundException', 400);
    const events = [startedEvent(1), startedEvent(2)];
    expect(await publisher().publish(events)).toEqual({ failedIds: ['evt-001', 'evt-002'] });
    expect(fake.requestSizes).toEqual([2]);
  });
});
