import type { EventPublisher } from '../ports/event-publisher.js';
import type { EventLogger } from './event-logger.js';

/** Writes each event as one structured log line; the default when no other destination is set. */
export function createLogPublisher(logger: EventLogger): EventPublisher {
  return {
    name: 'log',
    publish(events) {
      for (const event of events) logger.info({ event }, `domain event ${event.name}`);
      return Promise.resolve({ failedIds: [] });
    },
  };
}
