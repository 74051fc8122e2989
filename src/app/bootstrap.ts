import pino, { type Logger } from 'pino';
import { ConfigError } from '../domain/errors.js';
import type { AppConfig } from '../config/app-config.js';
import { loadConfigFromEnv } from '../config/load-config.js';
import { systemClock, type Clock } from '../ports/clock.js';
import { uuidV7Ids } from '../ports/ids.js';
import type { Model } from '../ports/model.js';
import type { SecretSource } from '../ports/secret-source.js';
import type { Store } from '../ports/store.js';
import { openStoreFromEnv } from '../store/open-store.js';
import { eventDestinations } from '../events/event-destinations.js';
import type { DispatchResult, OutboxDispatcher } from '../events/outbox-dispatcher.js';
import type { AIIntegration } from './ai-integration.js';
import { createAIIntegration } from './create-ai-integration.js';
import type { AIIntegrationDeps, CodeValidator } from './deps.js';

export interface Runtime {
  app: AIIntegration;
  store: Store;
  config: AppConfig;
  logger: Logger;
  secrets: SecretSource;
  simulate: boolean;
  /**
   * Delivers the events waiting in the store's outbox to the publishers the config and environment
   * name (webhook, EventBridge, the log), until none is left that can go now; what fails stays for
   * the next call (or a service's dispatcher sharing the store).
   */
  deliverEvents(): Promise<DispatchResult>;
  /** Delivers the pending events (a failure is logged, never thrown), then closes the store. */
  close(): Promise<void>;
}

export interface BootstrapOptions {
  /** Use the built-in simulated model (also SKAFU_AI_SIMULATE=1). */
  simulate?: boolean;
  cwd?: string;
  logger?: Logger;
  clock?: Clock;
  config?: AppConfig;
  store?: Store;
  onJobSubmitted?: AIIntegrationDeps['onJobSubmitted'];
}

/** The code validator, loaded on first use: its parsers (TypeScript compiler, tree-sitter) are heavy. */
function lazyValidator(): CodeValidator {
  let loading: Promise<CodeValidator> | null = null;
  return {
    validateFiles: async (files, options) => {
      loading ??= import('../checks/index.js').then(({ createValidator }) => createValidator());
      return (await loading).validateFiles(files, options);
    },
  };
}

/** A pino logger writing JSON to stderr at SKAFU_AI_LOG (default `warn`); an unknown level is a configuration error. */
export function createLogger(env: NodeJS.ProcessEnv, defaultLevel = 'warn'): Logger {
  const level = env.SKAFU_AI_LOG?.trim().toLowerCase() || defaultLevel;
  const levels = [...Object.keys(pino.levels.values), 'silent'];
  if (!levels.includes(level)) {
    throw new ConfigError(`SKAFU_AI_LOG must be one of ${levels.join(', ')}; got "${(env.SKAFU_AI_LOG ?? '').trim().slice(0, 40)}".`);
  }
  return pino({ level, base: { service: 'skafu-ai' } }, pino.destination(2));
}

const YES = new Set(['1', 'true', 'yes', 'on']);
const NO = new Set(['', '0', 'false', 'no', 'off']);

export function simulateRequested(env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag === true) return true;
  const value = env.SKAFU_AI_SIMULATE?.trim().toLowerCase() ?? '';
  if (YES.has(value)) return true;
  if (NO.has(value)) return false;
  throw new ConfigError(`SKAFU_AI_SIMULATE must be 1 (or true, yes, on) for the simulated model, or 0 (false, no, off) or unset for Claude; got "${value.slice(0, 40)}".`);
}

/**
 * Assembles the core from the environment of INTERFACE.md: config file, store, Claude key (env or
 * Secrets Manager), model (Claude or simulated). Heavy modules load on demand.
 */
export async function createAIIntegrationFromEnv(env: NodeJS.ProcessEnv = process.env, options: BootstrapOptions = {}): Promise<Runtime> {
  const config = options.config ?? loadConfigFromEnv(env);
  const logger = options.logger ?? createLogger(env);
  const simulate = simulateRequested(env, options.simulate);
  // Refused now rather than after calls whose events could then never be delivered.
  eventDestinations(config, env);
  const [{ createSecretSource }, claude] = await Promise.all([import('../secrets/index.js'), import('../claude/index.js')]);
  const secrets = createSecretSource(env);
  const store = options.store ?? (await openStoreFromEnv(env, options.cwd ?? process.cwd()));
  const model: Model = simulate
    ? claude.createSimulatedModel()
    : claude.createAnthropicModel({ secrets, ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}), logger, openTelemetry: env.ANTHROPIC_OPEN_TELEMETRY?.toLowerCase() === 'true' });
  const prices = claude.createPriceTable(config.priceOverrides);
  // An unpriced model is a configuration error: say so before anything is stored or sent.
  if (!simulate) for (const model of new Set(Object.values(config.models))) prices.priceOf(model);
  const app = createAIIntegration({
    store,
    config,
    model,
    modelIdFor: (operation) => (simulate ? 'simulated' : config.models[operation]),
    prices,
    estimateInputTokens: claude.estimateInputTokens,
    estimateSchemaTokens: claude.estimateSchemaTokens,
    validator: lazyValidator(),
    clock: options.clock ?? systemClock,
    ids: uuidV7Ids,
    logger,
    ...(options.onJobSubmitted ? { onJobSubmitted: options.onJobSubmitted } : {}),
  });
  // Built on first use and kept: publishers hold SDK clients and connection pools.
  let dispatcher: Promise<OutboxDispatcher> | null = null;
  const deliverEvents = async (): Promise<DispatchResult> => {
    dispatcher ??= import('../events/index.js').then(({ createOutboxDispatcher, createPublishersFromConfig }) =>
      createOutboxDispatcher({ store, publishers: createPublishersFromConfig(config, env, logger), clock: options.clock ?? systemClock, logger }));
    return (await dispatcher).drain();
  };
  const close = async (): Promise<void> => {
    await deliverEvents().catch((error: unknown) => logger.warn({ err: error }, 'events were not delivered; they stay in the outbox'));
    await app.close();
  };
  return { app, store, config, logger, secrets, simulate, deliverEvents, close };
}
