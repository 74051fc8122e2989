import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { AppConfig } from '../config/app-config.js';
import { ConfigError } from '../domain/errors.js';
import type { EventPublisher } from '../ports/event-publisher.js';
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
  const webhookUrl = env.SKAFU_AI_WEBHOOK_URL || config.events.webhookUrl;
  const webhookSecret = env.SKAFU_AI_WEBHOOK_SECRET || config.events.webhookSecret;
  const eventBusName = env.SKAFU_AI_EVENT_BUS || config.events.eventBusName;
  const publishers: EventPublisher[] = [];

  if (webhookUrl && !webhookSecret) {
    throw new ConfigError('A webhook URL is configured without a secret: set SKAFU_AI_WEBHOOK_SECRET (or events.webhookSecret) so deliveries can be signed.');
  }
  if (webhookSecret && !webhookUrl) {
    throw new ConfigError('A webhook secret is configured without a URL: set SKAFU_AI_WEBHOOK_URL (or events.webhookUrl), or remove the secret.');
  }
  if (webhookUrl && webhookSecret) {
    publishers.push(createWebhookPublisher({ url: webhookUrl, secret: webhookSecret, logger, ...(overrides.fetch ? { fetch: overrides.fetch } : {}) }));
  }
  if (eventBusName) {
    publishers.push(createEventBridgePublisher({ eventBusName, logger, ...(overrides.eventBridgeClient ? { client: overrides.eventBridgeClient } : {}) }));
  }
  if (publishers.length === 0) publishers.push(createLogPublisher(logger));
  return publishers;
}
