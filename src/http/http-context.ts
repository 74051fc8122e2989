import type { FastifyRequest } from 'fastify';
import type { AIIntegration } from '../app/ai-integration.js';
import type { AppConfig } from '../config/app-config.js';
import type { Identity } from '../domain/identity.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import type { JobWorkerPool } from '../jobs/index.js';
import type { Principal } from './auth/principal.js';
import type { SyncCalls } from './deadline.js';
import { NotAvailableHereError, UnauthorizedError } from './errors/http-errors.js';
import type { ServiceMetrics } from './metrics/service-metrics.js';
import type { ProgressStreams } from './sse/progress-streams.js';

/** What the routes share; built once per server. */
export interface HttpContext {
  app: AIIntegration;
  store: Store;
  config: AppConfig;
  clock: Clock;
  metrics: ServiceMetrics;
  jobs: JobWorkerPool;
  streams: ProgressStreams;
  /** Longest a synchronous model call may take before the request answers 504. */
  handlerTimeoutMs: number;
  /** The synchronous model calls running, each stopped at its deadline or at shutdown. */
  syncCalls: SyncCalls;
  /** Queued jobs get run here or by a queue's worker; false refuses `?async=true`. */
  asyncJobs: boolean;
  /** Event streams can be held open; false answers `/events` with 501. */
  eventStreams: boolean;
}

/** Refuses `?async=true` where nothing would ever run the job (before anything is stored). */
export function assertAsyncJobs(ctx: HttpContext): void {
  if (!ctx.asyncJobs) throw new NotAvailableHereError('async_unavailable', 'This deployment has no job queue.');
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError('This route needs an API key: send `Authorization: Bearer sk_...`.');
  return request.principal;
}

/** The identity the core sees: organisation and user, nothing of the key. */
export function identityOf(request: FastifyRequest): Identity {
  const { orgId, userId } = principalOf(request);
  return { orgId, userId };
}
