import type { AIIntegration } from '../app/ai-integration.js';
import type { Logger } from 'pino';
import { createAIIntegrationFromEnv, createLogger, simulateRequested, type Runtime } from '../app/bootstrap.js';
import type { AppConfig } from '../config/app-config.js';
import { loadConfigFromEnv } from '../config/load-config.js';
import { MissingApiKeyError } from '../domain/errors.js';
import type { Identity } from '../domain/identity.js';
import { systemClock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { openStoreFromEnv } from '../store/open-store.js';
import { identityFromEnv } from './identity.js';
import type { CliIO } from './io.js';
import type { CliRuntime } from './runtime.js';

export interface CliRuntimeHandle extends CliRuntime {
  exitCode(): number;
  /** Closes whatever was opened. */
  close(): Promise<void>;
}

/**
 * Delivers the events this invocation recorded (at least once: whatever fails stays in the outbox
 * for the next run or the service's dispatcher). Never changes the command's outcome.
 */
async function deliverEvents(runtime: Runtime): Promise<void> {
  try {
    await runtime.deliverEvents();
  } catch (error) {
    runtime.logger.warn({ err: error }, 'events were not delivered; they stay in the outbox');
  }
}

export function colorEnabled(io: CliIO): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true;
}

/** The runtime a CLI invocation shares between its commands; everything opens lazily, once. */
export function createCliRuntime(io: CliIO): CliRuntimeHandle {
  let config: AppConfig | null = null;
  let logger: Logger | null = null;
  let identity: Identity | null = null;
  let store: Promise<Store> | null = null;
  let core: Promise<Runtime> | null = null;
  let code = 0;
  /**
   * Every command that uses the store checks the whole environment first (the config file,
   * SKAFU_AI_LOG, SKAFU_AI_SIMULATE), so a mistake is refused by `usage` or `keys` as it is by
   * `analyze`, not only once a model command runs. The offline tools (validate, sanitize) need none.
   */
  const checkEnvironment = (): void => {
    runtime.config();
    logger ??= createLogger(io.env);
    simulateRequested(io.env);
  };
  const runtime: CliRuntimeHandle = {
    io,
    clock: systemClock,
    color: colorEnabled(io),
    config: () => (config ??= loadConfigFromEnv(io.env)),
    identity: (): Identity => (identity ??= identityFromEnv(io.env)),
    store: () => (store ??= (async () => {
      checkEnvironment();
      return openStoreFromEnv(io.env, io.cwd);
    })()),
    app: async (options = {}): Promise<AIIntegration> => {
      core ??= (async () => {
        const opened = await runtime.store();
        const simulate = simulateRequested(io.env, options.simulate);
        const created = await createAIIntegrationFromEnv(io.env, { simulate, cwd: io.cwd, config: runtime.config(), store: opened, ...(logger ? { logger } : {}) });
        if (!simulate && !(await created.secrets.getAnthropicApiKey())) throw new MissingApiKeyError();
        return created;
      })();
      return (await core).app;
    },
    setExitCode: (value) => { code = value; },
    exitCode: () => code,
    close: async () => {
      const opened = core ? await core.catch(() => null) : null;
      if (opened) await deliverEvents(opened);
      if (store) await (await store.catch(() => null))?.close();
    },
  };
  return runtime;
}
