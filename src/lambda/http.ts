import awsLambdaFastify from '@fastify/aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Logger } from 'pino';
import type { AIIntegration } from '../app/ai-integration.js';
import { createAIIntegrationFromEnv, createLogger } from '../app/bootstrap.js';
import type { AppConfig } from '../config/app-config.js';
import { createHttpServer, type HttpServerOptions } from '../http/index.js';
import type { Store } from '../ports/store.js';
import { jobNotifierFromEnv, jobQueueUrlFromEnv } from './job-queue.js';

/** What the HTTP handler needs from the assembled core; `createAIIntegrationFromEnv` returns a superset. */
export interface HttpLambdaRuntime {
  app: AIIntegration;
  store: Store;
  config: AppConfig;
  logger: Logger;
}

export type HttpLambdaBootstrap = (env: NodeJS.ProcessEnv) => Promise<HttpLambdaRuntime>;

export interface HttpLambdaOptions {
  /** Builds the core once per container; default: the environment bootstrap, async jobs sent to SQS. */
  bootstrap?: HttpLambdaBootstrap;
  env?: NodeJS.ProcessEnv;
  /**
   * Server tuning. By default a synchronous call answers 504 after 25 s, before API Gateway's 30 s
   * integration limit, and the per-key rate is left to API Gateway's throttling.
   */
  serverOptions?: HttpServerOptions;
}

export type HttpLambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const defaultBootstrap: HttpLambdaBootstrap = (env) => {
  const notifier = jobNotifierFromEnv(env);
  return createAIIntegrationFromEnv(env, { logger: createLogger(env, 'info'), ...(notifier ? { onJobSubmitted: notifier } : {}) });
};

/**
 * The API Gateway HTTP API (payload 2.0) handler: the same Fastify routes as `skafu-ai serve`, built
 * once per container. No worker pool runs here; async jobs go to the SQS worker (`SKAFU_AI_JOB_QUEUE_URL`).
 * A failed build is not kept, so the next invocation tries again.
 */
export function createHttpLambdaHandler(options: HttpLambdaOptions = {}): HttpLambdaHandler {
  const env = options.env ?? process.env;
  const bootstrap = options.bootstrap ?? defaultBootstrap;
  let pending: Promise<HttpLambdaHandler> | null = null;
  const build = async (): Promise<HttpLambdaHandler> => {
    const runtime = await bootstrap(env);
    const server = await createHttpServer({
      ...runtime,
      // No worker pool and no held-open responses here: queued jobs run only if a queue carries them.
      options: { handlerTimeoutMs: 25_000, requestsPerMinutePerKey: null, asyncJobs: jobQueueUrlFromEnv(env) !== null, eventStreams: false, ...options.serverOptions },
    });
    await server.ready();
    return awsLambdaFastify<APIGatewayProxyEventV2>(server, { decorateRequest: false, parseCommaSeparatedQueryParams: false });
  };
  return async (event, context) => {
    if (pending === null) {
      const building = build();
      building.catch(() => {
        if (pending === building) pending = null;
      });
      pending = building;
    }
    const proxy = await pending;
    return proxy(event, context);
  };
}

export const handler = createHttpLambdaHandler();
