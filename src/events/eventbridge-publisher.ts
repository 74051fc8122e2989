import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DomainEvent } from '../domain/events.js';
import type { EventPublisher } from '../ports/event-publisher.js';
import { backoffDelayMs, sleep } from './backoff.js';
import type { EventLogger } from './event-logger.js';

/** `source` of every event this product puts on a bus; rules match on it. */
export const EVENT_SOURCE = 'skafu.ai-integration';
/** PutEvents accepts at most 10 entries per call. */
export const PUT_EVENTS_BATCH = 10;

export interface EventBridgePublisherOptions {
  /** Name or ARN of the event bus. */
  eventBusName: string;
  client?: EventBridgeClient;
  /** PutEvents calls per batch while some entries keep failing; default 3. */
  maxAttempts?: number;
  /** First wait before re-sending failed entries; doubled each time, with jitter; default 100 ms. */
  backoffMs?: number;
  logger?: EventLogger;
}

/**
 * Puts events on an EventBridge bus: source `skafu.ai-integration`, detail-type = event name,
 * detail = the event as JSON (with its `id`, by which consumers de-duplicate). Entries the service
 * reports as failed are re-sent; those still failing come back in `failedIds`.
 */
export function createEventBridgePublisher(options: EventBridgePublisherOptions): EventPublisher {
  const client = options.client ?? new EventBridgeClient({});
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const backoffMs = options.backoffMs ?? 100;

  const toEntry = (event: DomainEvent): PutEventsRequestEntry => ({
    EventBusName: options.eventBusName,
    Source: EVENT_SOURCE,
    DetailType: event.name,
    Detail: JSON.stringify(event),
    Time: new Date(event.occurredAt),
  });

  /** Sends one batch until every entry is accepted or attempts run out; returns the ids not accepted. */
  const putBatch = async (batch: DomainEvent[]): Promise<string[]> => {
    let pending = batch;
    for (let attempt = 1; ; attempt++) {
      let reason: string;
      let retryable = true;
      try {
        const answer = await client.send(new PutEventsCommand({ Entries: pending.map(toEntry) }));
        const entries = answer.Entries ?? [];
        // Entries answer the request positionally; a missing answer counts as a failure.
        const failedAt = pending.map((_, i) => i).filter((i) => entries[i]?.EventId === undefined || entries[i]?.ErrorCode !== undefined);
        if (failedAt.length === 0) return [];
        const codes = [...new Set(failedAt.map((i) => entries[i]?.ErrorCode ?? 'NoEntry'))];
        reason = `${failedAt.length} of ${pending.length} entries failed (${codes.join(', ')})`;
        const previous = pending;
        pending = failedAt.map((i) => previous[i] as DomainEvent);
      } catch (error) {
        reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        // Client faults (bad bus name, access denied) do not heal by retrying right away.
        retryable = (error as { $fault?: string }).$fault !== 'client' || (error as { name?: string }).name === 'ThrottlingException';
      }
      if (!retryable || attempt >= maxAttempts) {
        options.logger?.warn({ publisher: 'eventbridge', eventBusName: options.eventBusName, attempts: attempt, failedIds: pending.map((e) => e.id), reason }, 'EventBridge PutEvents left events undelivered');
        return pending.map((event) => event.id);
      }
      await sleep(backoffDelayMs(attempt, backoffMs, 5_000));
    }
  };

  return {
    name: 'eventbridge',
    async publish(events) {
      const batches: DomainEvent[][] = [];
      for (let i = 0; i < events.length; i += PUT_EVENTS_BATCH) batches.push(events.slice(i, i + PUT_EVENTS_BATCH));
      const failed = await Promise.all(batches.map(putBatch));
      return { failedIds: failed.flat() };
    },
  };
}
