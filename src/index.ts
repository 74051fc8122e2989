/**
 * skafu-ai as a library: the governed AI integration core for other Skafu services.
 * Start with `createAIIntegrationFromEnv` (environment of the CLI) or `createAIIntegration` (explicit
 * dependencies, built with the subpath entries: `skafu-ai/claude` for models and prices,
 * `skafu-ai/sqlite` and `skafu-ai/dynamodb` for stores, `skafu-ai/checks` for the code validator,
 * `skafu-ai/events` for publishers and the outbox dispatcher). They are separate so that importing
 * this entry does not load the SDKs and parsers a caller may not need.
 */
export { createAIIntegration } from './app/create-ai-integration.js';
export { createAIIntegrationFromEnv, createLogger, type BootstrapOptions, type Runtime } from './app/bootstrap.js';
export type { AIIntegration, AnalyzeRequest, GenerateRequest, CallOptions, Progress, RecoverOptions, Submitted } from './app/ai-integration.js';
export type { AIIntegrationDeps, CodeValidator } from './app/deps.js';
export type { AnalysisResult, GenerationResult } from './app/results.js';
export type { UsageMetricsView } from './app/usage-metrics.js';
export type { LimitsReport, LimitStatus } from './app/limits-report.js';
export { loadConfigFile, parseConfig, resolveConfig, loadConfigFromEnv } from './config/load-config.js';
export type { AppConfig } from './config/app-config.js';
export * from './domain/errors.js';
export type { Identity } from './domain/identity.js';
export type { Finding, GeneratedFile, ValidationReport, ValidationResult } from './domain/validation-result.js';
export type { Recommendation } from './domain/recommendation.js';
export type { DomainEvent } from './domain/events.js';
export type { Store } from './ports/store.js';
export type { Model } from './ports/model.js';
export { openStoreFromEnv } from './store/open-store.js';
export { uuidV7Ids, type Ids } from './ports/ids.js';
export { systemClock, type Clock } from './ports/clock.js';
export {
  EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhookBody, verifyWebhookSignature, type WebhookVerification,
} from './events/webhook-signature.js';
