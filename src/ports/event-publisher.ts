import type { DomainEvent } from '../domain/events.js';

export interface PublishResult {
  /** Ids of events that were not accepted and must be retried. */
  failedIds: string[];
}

/** A destination for domain events (log, webhook, EventBridge). Delivery is at least once. */
export interface EventPublisher {
  readonly name: string;
  publish(events: DomainEvent[]): Promise<PublishResult>;
}
