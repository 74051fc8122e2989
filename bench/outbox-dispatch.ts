/**
 * Outbox delivery throughput: events appended to a real SQLite outbox, drained by the dispatcher to
 * a local EventBridge endpoint (PutEvents, batches of 10) and a local webhook (one signed POST per
 * event), both at once. Run: npx tsx bench/outbox-dispatch.ts [--events 5000] [--batch 50]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { pino } from 'pino';
import type { DomainEvent } from '../src/domain/events.js';
import { createEventBridgePublisher, createOutboxDispatcher, createWebhookPublisher } from '../src/events/index.js';
import type { EventPublisher } from '../src/ports/event-publisher.js';
import { systemClock } from '../src/ports/clock.js';
import { createSqliteStore } from '../src/store/sqlite/index.js';
import { startFakeEventBridge } from '../test/support/fake-eventbridge.js';
import { startFakeWebhook } from '../test/support/fake-webhook.js';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const total = arg('events', 5000);
const batchSize = arg('batch', 50);

const dir = await mkdtemp(join(tmpdir(), 'skafu-bench-outbox-'));
const store = createSqliteStore({ path: join(dir, 'bench.db') });
await store.init();
const [bus, hook] = await Promise.all([startFakeEventBridge(), startFakeWebhook()]);
const client = new EventBridgeClient({ region: 'us-east-1', endpoint: bus.url, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
const logger = pino({ level: 'silent' });

async function fill(prefix: string): Promise<void> {
  const start = Date.now() - 60_000;
  const events: DomainEvent[] = Array.from({ length: total }, (_, i) => ({
    id: `${prefix}-${i}`, name: 'AIAnalysisStarted', occurredAt: new Date(start + i).toISOString(), orgId: 'acme', aggregateId: `an-${i}`,
    payload: { projectId: 'bench', analysisType: 'requirements' },
  }));
  for (let i = 0; i < events.length; i += 500) await store.outbox.append(events.slice(i, i + 500));
}

async function measure(label: string, publishers: EventPublisher[]): Promise<void> {
  await fill(label);
  const dispatcher = createOutboxDispatcher({ store, publishers, clock: systemClock, logger, batchSize });
  const began = performance.now();
  const result = await dispatcher.drain();
  const seconds = (performance.now() - began) / 1000;
  console.log(`| ${label} | ${result.delivered} | ${result.failed} | ${seconds.toFixed(2)} s | ${Math.round(result.delivered / seconds)} |`);
}

const eventBridge = () => createEventBridgePublisher({ eventBusName: 'bench', client });
const webhook = () => createWebhookPublisher({ url: hook.url, secret: 'bench-secret', concurrency: 8 });
console.log(`${total} events, batches of ${batchSize}\n| publishers | delivered | failed | time | events/s |\n| --- | --- | --- | --- | --- |`);
await measure('none (outbox only)', []);
await measure('eventbridge', [eventBridge()]);
await measure('webhook', [webhook()]);
await measure('eventbridge + webhook', [eventBridge(), webhook()]);
console.log(`\nreceived: ${bus.accepted.length} EventBridge entries in ${bus.requestSizes.length} PutEvents calls, ${hook.received.length} webhook POSTs`);

client.destroy();
await Promise.all([bus.close(), hook.close(), store.close()]);
await rm(dir, { recursive: true, force: true });
