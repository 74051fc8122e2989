import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createAIIntegrationFromEnv } from '../../../src/app/bootstrap.js';
import type { ConfigFile } from '../../../src/config/schema.js';
import { parseConfig, resolveConfig } from '../../../src/config/load-config.js';
import { createApiKey } from '../../../src/http/auth/create-api-key.js';
import { startHttpService, type HttpService, type HttpServerOptions } from '../../../src/http/index.js';
import { systemClock } from '../../../src/ports/clock.js';
import type { Role, Store } from '../../../src/ports/store.js';
import { createSqliteStore } from '../../../src/store/sqlite/index.js';
import type { AIIntegration } from '../../../src/app/ai-integration.js';

/** Limits generous enough that only the test's own limits refuse anything. */
export const OPEN_LIMITS: ConfigFile = {
  plans: {
    default: {
      perUser: { requestsPerMinute: null, maxConcurrent: null, budgetUsdPerDay: null, budgetUsdPerMonth: null, tokensPerDay: null, requestsPerDay: null, requestsPerMonth: null },
      perOrganization: { budgetUsdPerDay: null },
    },
  },
};

export interface TestService {
  url: string;
  store: Store;
  app: AIIntegration;
  service: HttpService;
  dbPath: string;
  /** Creates an API key and returns it (the key itself). */
  key(orgId: string, userId: string, role?: Role): Promise<string>;
  close(): Promise<void>;
}

export interface TestServiceOptions {
  /** Base URL of the fake Anthropic API. */
  anthropicUrl: string;
  config?: ConfigFile;
  /** Share a database file (several services); a fresh temporary one otherwise. */
  dbPath?: string;
  workers?: number;
  options?: HttpServerOptions;
  shutdownDeadlineMs?: number;
  /** Receives the service's JSON log lines (level `debug`); silent otherwise. */
  logLines?: string[];
}

/** The real service in this process: real core, real SQLite file, real Claude client against the fake. */
export async function startTestService(options: TestServiceOptions): Promise<TestService> {
  const dir = options.dbPath ? null : mkdtempSync(join(tmpdir(), 'skafu-http-'));
  const dbPath = options.dbPath ?? join(dir as string, 'skafu.db');
  const store = createSqliteStore({ path: dbPath });
  await store.init();
  const config = resolveConfig(parseConfig(options.config ?? OPEN_LIMITS));
  const logLines = options.logLines;
  const logger = logLines
    ? pino({ level: 'debug' }, { write: (line: string) => { logLines.push(line); } })
    : pino({ level: process.env.TEST_LOG ?? 'silent' });
  const env = { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: options.anthropicUrl };
  const runtime = await createAIIntegrationFromEnv(env, { config, store, logger });
  const service = await startHttpService({
    app: runtime.app, store, config, logger, port: 0, handleSignals: false, dispatchEvents: false,
    ...(options.shutdownDeadlineMs !== undefined ? { shutdownDeadlineMs: options.shutdownDeadlineMs } : {}),
    workers: options.workers ?? 2,
    options: { jobs: { pollMs: 25 }, streamPollMs: 200, ...options.options },
  });
  return {
    url: service.url,
    store,
    app: runtime.app,
    service,
    dbPath,
    key: async (orgId, userId, role = 'member') => (await createApiKey(store, systemClock, { orgId, userId, role })).key,
    close: async () => {
      await service.close();
      await store.close().catch(() => undefined);
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
