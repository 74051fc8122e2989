import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { AIIntegration } from '../app/ai-integration.js';
import type { AppConfig } from '../config/app-config.js';
import { UsageLimitExceededError } from '../domain/errors.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { JobRecord, Store } from '../ports/store.js';
import { operationForAnalysis } from '../domain/operations.js';
import { toAnalysisResult, toGenerationResult } from '../app/results.js';
import { createJobWorkerPool, type JobWorkerPool, type JobWorkerPoolOptions } from '../jobs/index.js';
import { createAuthHook, createPlanBodyLimitHook } from './auth/auth-hook.js';
import { createClientErrorHandler } from './errors/client-error-handler.js';
import { toErrorResponse } from './errors/error-response.js';
import { ShuttingDownError } from './errors/http-errors.js';
import { mergeIdenticalIoSchemas } from './openapi/merge-io-schemas.js';
import { nameDefaultResponses } from './openapi/name-default-responses.js';
import { SyncCalls } from './deadline.js';
import type { HttpContext } from './http-context.js';
import { createRequestObserver } from './hooks/request-observer.js';
import { addSecurityHeaders, applySecurityHeaders } from './hooks/security-headers.js';
import { createServiceMetrics, type ServiceMetrics } from './metrics/service-metrics.js';
import { registerAnalysisRoutes } from './routes/analyses.js';
import { registerGenerationRoutes } from './routes/generations.js';
import { registerPageRoutes } from './routes/pages.js';
import { registerSystemRoutes } from './routes/system.js';
import { registerToolRoutes } from './routes/tools.js';
import { registerUsageRoutes } from './routes/usage.js';
import { JSON_CONTENT_TYPE } from './schemas/common.js';
import { createProgressStreams } from './sse/progress-streams.js';
import type { ZodServer } from './zod-server.js';
import './auth/principal.js';

export interface HttpServerOptions {
  /** Requests per minute per API key on every /v1 route (token bucket, per process); null = none. Default 600. */
  requestsPerMinutePerKey?: number | null;
  /** Longest a synchronous analysis or generation may run before the answer is 504; default the model timeout + 15 s. */
  handlerTimeoutMs?: number;
  /** Longest the client may take to send a request (headers and body); default 30 s. */
  requestTimeoutMs?: number;
  /** Worker pool tuning (lease, poll and recovery intervals). */
  jobs?: Pick<JobWorkerPoolOptions, 'leaseMs' | 'pollMs' | 'recoverEveryMs' | 'owner'>;
  /** How often event streams re-read the store for jobs running elsewhere; default 1 s. */
  streamPollMs?: number;
  /** Trust X-Forwarded-* from a proxy in front (for client addresses in logs). Default false. */
  trustProxy?: boolean;
  /** Whether queued jobs get run (by this server's pool or a queue's worker); false refuses `?async=true` with 501. Default true. */
  asyncJobs?: boolean;
  /** Whether `/events` streams can be held open; false answers them 501 (AWS Lambda). Default true. */
  eventStreams?: boolean;
}

export interface HttpServerDeps {
  app: AIIntegration;
  store: Store;
  config: AppConfig;
  logger: Logger;
  clock?: Clock;
  /** Jobs this process runs at once (the pool is created here and started by `startHttpService`); default 4. */
  workers?: number;
  options?: HttpServerOptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The durable job worker pool of this server; `startHttpService` starts it, closing the server stops it. */
    jobWorkers: JobWorkerPool;
    /** The synchronous model calls running; `startHttpService` stops them at the shutdown deadline. */
    syncCalls: SyncCalls;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const DEFAULT_REQUESTS_PER_MINUTE_PER_KEY = 600;
/**
 * Longest path parameter the router matches. Far above any valid id (project ids ≤ 128, UUIDs), so an
 * over-long id still reaches its route: 401 without a key, else 400 naming the field. Past this, 404.
 */
const MAX_PARAM_LENGTH = 2048;

/** Counts the model call, tokens and cost of a job that finished in this process. */
async function recordJobResult(store: Store, metrics: ServiceMetrics, job: JobRecord): Promise<void> {
  if (job.kind === 'analysis') {
    const record = await store.analyses.get(job.orgId, job.id);
    if (record) metrics.recordResult(operationForAnalysis(record.analysisType), toAnalysisResult(record));
    return;
  }
  const record = await store.generations.get(job.orgId, job.id);
  if (record) metrics.recordResult('code_generation', toGenerationResult(record));
}

function largestBody(config: AppConfig): number {
  return Math.max(...Object.values(config.plans).map((plan) => plan.maxRequestBytes));
}

/**
 * The HTTP service with every route registered (not listening): `/v1` JSON API behind API keys,
 * `/openapi.json`, `/docs`, the dashboard, `/healthz` and `/metrics`.
 */
export async function createHttpServer(deps: HttpServerDeps): Promise<FastifyInstance> {
  const { app, store, config, logger } = deps;
  const options = deps.options ?? {};
  const clock = deps.clock ?? systemClock;

  let jobs: JobWorkerPool | null = null;
  const metrics = createServiceMetrics({
    queueDepth: () => store.jobs.countQueued(),
    jobsInFlight: () => jobs?.inFlight() ?? 0,
  });

  const observer = createRequestObserver(metrics);
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  // Every error answer, from a route or from the router itself, has the contract's `{error: {...}}` shape.
  const answerError = (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const answer = toErrorResponse(error, request.id);
    if (error instanceof UsageLimitExceededError) metrics.recordRefusal(error);
    if (answer.internal) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: answer.body.error.code, status: answer.status }, 'request refused');
    return reply.code(answer.status).headers(answer.headers).type(JSON_CONTENT_TYPE)
      .serializer((payload) => JSON.stringify(payload)).send(answer.body);
  };

  const server = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: largestBody(config),
    requestTimeout,
    clientErrorHandler: createClientErrorHandler(logger, requestTimeout),
    trustProxy: options.trustProxy ?? false,
    // Requests arriving while the server drains are refused below, in the contract's shape.
    return503OnClosing: false,
    ajv: { customOptions: { coerceTypes: false } },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A bad percent-escape or an over-long segment is answered by the router before any route is
    // chosen: without this, Fastify answers with its own body. No hook runs there, so do their work.
    frameworkErrors: (error, request, reply) => {
      applySecurityHeaders(request, reply);
      answerError(error, request, reply);
      observer.onResponse(request, reply).catch((failure: unknown) => request.log.warn({ err: failure }, 'request not observed'));
    },
  }).withTypeProvider<ZodTypeProvider>() as unknown as ZodServer;

  // Every body is JSON: without this a text/plain body would reach validation (400 "expected
  // object") while other media types get 415 "send JSON".
  server.removeContentTypeParser('text/plain');
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);

  jobs = createJobWorkerPool({
    app, store, clock, logger: logger.child({ component: 'jobs' }),
    concurrency: deps.workers ?? 4,
    ...options.jobs,
    onJobFinished: (job, outcome) => {
      metrics.jobs.inc({ outcome });
      if (outcome === 'completed') recordJobResult(store, metrics, job).catch((error: unknown) => logger.warn({ err: error, jobId: job.id }, 'job metrics not recorded'));
    },
    onJobRecovered: (_id, outcome) => metrics.jobs.inc({ outcome: `recovered_${outcome}` }),
  });
  const streams = createProgressStreams({ app, logger, pollMs: options.streamPollMs ?? 1_000 });
  const syncCalls = new SyncCalls();
  const ctx: HttpContext = {
    app, store, config, clock, metrics, jobs, streams, syncCalls,
    handlerTimeoutMs: options.handlerTimeoutMs ?? config.timeoutMs + 15_000,
    asyncJobs: options.asyncJobs ?? true,
    eventStreams: options.eventStreams ?? true,
  };

  server.decorate('jobWorkers', jobs);
  server.decorate('syncCalls', syncCalls);
  server.decorateRequest('principal', null);
  server.addHook('onSend', addSecurityHeaders);
  server.addHook('onRequest', observer.onRequest);
  server.addHook('onResponse', observer.onResponse);
  // Answers finished while closing end their connection, or keep-alive sockets would hold close() open.
  let closing = false;
  // A request that still reaches the server while it drains (on a connection it already had) starts
  // nothing: 503 with Retry-After, so the client sends it again to another instance or the restarted one.
  server.addHook('onRequest', async () => {
    if (closing) throw new ShuttingDownError('This server is shutting down and takes no new requests; send the request again in a moment (to another instance, or to this one once it has restarted).');
  });
  server.addHook('preClose', async () => {
    closing = true;
    streams.closeAll({ error: { code: 'shutting_down', message: 'This server is shutting down; reconnect to follow the job (it is finished here first or handed back to the queue, and the restarted or another server carries on).' } });
  });
  server.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  server.setErrorHandler(async (error, request, reply) => answerError(error, request, reply));
  server.setNotFoundHandler(async (request, reply) =>
    reply.code(404).type(JSON_CONTENT_TYPE).serializer((payload) => JSON.stringify(payload))
      .send({ error: { code: 'not_found', message: `There is no route ${request.method} ${request.url.split('?')[0]}; see /docs.` } }));

  await server.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'skafu-ai',
        version: '0.1.0',
        description: 'The AI Integration service of the Skafu platform: governed Claude calls for architecture analysis, code generation, reviews and optimisation, with per-user and per-organisation quotas and budgets, caching, validation and durable jobs.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key `sk_...` from `skafu-ai keys create`.' } } },
      tags: [
        { name: 'analyses' }, { name: 'generations' }, { name: 'usage' }, { name: 'tools' }, { name: 'service' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) => nameDefaultResponses(mergeIdenticalIoSchemas(jsonSchemaTransformObject(documentObject))),
  });

  registerSystemRoutes(server, ctx);
  registerPageRoutes(server);
  await server.register(async (v1) => {
    v1.addHook('onRequest', createAuthHook({
      store, config, clock, metrics,
      requestsPerMinutePerKey: options.requestsPerMinutePerKey === undefined ? DEFAULT_REQUESTS_PER_MINUTE_PER_KEY : options.requestsPerMinutePerKey,
    }));
    v1.addHook('preParsing', createPlanBodyLimitHook(config));
    registerAnalysisRoutes(v1, ctx);
    registerGenerationRoutes(v1, ctx);
    registerUsageRoutes(v1, ctx);
    registerToolRoutes(v1, ctx);
  });
  server.addHook('onClose', async () => {
    await jobs.stop();
  });
  return server as unknown as FastifyInstance;
}
