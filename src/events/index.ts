export type { EventLogger } from './event-logger.js';
export { createLogPublisher } from './log-publisher.js';
export { createWebhookPublisher, type WebhookPublisherOptions } from './webhook-publisher.js';
export {
  EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhookBody, verifyWebhookSignature, type WebhookVerification,
} from './webhook-signature.js';
export { createEventBridgePublisher, EVENT_SOURCE, PUT_EVENTS_BATCH, type EventBridgePublisherOptions } from './eventbridge-publisher.js';
export { createOutboxDispatcher, type DispatchResult, type OutboxDispatcher, type OutboxDispatcherOptions } from './outbox-dispatcher.js';
export { createPublishersFromConfig, type PublisherOverrides } from './publishers-from-config.js';
