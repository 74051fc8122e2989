import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { AppConfig } from '../config/app-config.js';
import type { EventPublisher } from '../ports/event-publisher.js';
import { eventDestinations } from './event-destinations.js';
import { createEventBridgePublisher } from './eventbridge-publisher.js';
import type { EventLogger } from './event-logger.js';
import { createLogPublisher } from './log-publisher.js';
import { createWebhookPublisher } from './webhook-publisher.js';

export interface PublisherOverrides {
  fetch?: typeof globalThis.fetch;
  eventBridgeClient?: EventBridgeClient;
}

/**
 * The destinations named by the environment (`SKAFU_AI_WEBHOOK_URL` + `SKAFU_AI_WEBHOOK_SECRET`,
 * `SKAFU_AI_EVENT_BUS`), which win over `events` in the config file. With none, events are logged.
 */
export function createPublishersFromConfig(config: AppConfig, env: NodeJS.ProcessEnv, logger: EventLogger, overrides: PublisherOverrides = {}): EventPublisher[] {
  const { webhook, eventBusName } = eventDestinations(config, env);
  const publishers: EventPublisher[] = [];
  if (webhook) {
    publishers.push(createWebhookPublisher({ url: webhook.url, secret: webhook.secret, logger, ...(overrides.fetch ? { fetch: overrides.fetch } : {}) }));
  }
  if (eventBusName) {
    publishers.push(createEventBridgePublisher({ eventBusName, logger, ...(overrides.eventBridgeClient ? { client: overrides.eventBridgeClient } : {}) }));
  }
  if (publishers.length === 0) publishers.push(createLogPublisher(logger));
  return publishers;
}
