/**
 * skafu-ai as a library: the governed AI integration core for other Skafu services.
 * Start with `createAIIntegrationFromEnv` (environment of the CLI) or `createAIIntegration` (explicit
 * dependencies).
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
