import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createOutboxDispatcher, createPublishersFromConfig, type OutboxDispatcher } from '../events/index.js';
import { systemClock } from '../ports/clock.js';
import { createHttpServer, type HttpServerDeps } from './create-http-server.js';

export interface HttpServiceOptions extends HttpServerDeps {
  /** Default 8787; 0 picks a free port (read it from `url`). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** How long shutdown waits for in-flight requests and jobs before handing jobs back; default 25 s. */
  shutdownDeadlineMs?: number;
  /** Close gracefully on SIGTERM and SIGINT; default true. */
  handleSignals?: boolean;
  /** Deliver the event outbox from this process; default true. */
  dispatchEvents?: boolean;
  /** Environment naming event destinations (SKAFU_AI_WEBHOOK_URL, SKAFU_AI_EVENT_BUS); default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface HttpService {
  server: FastifyInstance;
  /** e.g. `http://127.0.0.1:8787` */
  url: string;
  /** Stops accepting requests, finishes or hands back in-flight jobs, drains the outbox. Idempotent. */
  close(): Promise<void>;
  /** Resolves once the service has closed (by `close()` or a signal). */
  closed: Promise<void>;
}

/**
 * Listens, starts the job worker pool and the outbox dispatcher, and shuts all of it down gracefully
 * on SIGTERM/SIGINT: no new requests or claims, in-flight work finished or handed back to the queue.
 * The caller still owns (and closes) the app and the store.
 */
export async function startHttpService(options: HttpServiceOptions): Promise<HttpService> {
  const { logger, store, config } = options;
  const deadlineMs = options.shutdownDeadlineMs ?? 25_000;
  const server = await createHttpServer(options);
  await server.listen({ port: options.port ?? 8787, host: options.host ?? '127.0.0.1' });
  const address = server.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  server.jobWorkers.start();
  let dispatcher: OutboxDispatcher | null = null;
  if (options.dispatchEvents ?? true) {
    const eventLogger = logger.child({ component: 'events' });
    dispatcher = createOutboxDispatcher({
      store, clock: options.clock ?? systemClock, logger: eventLogger,
      publishers: createPublishersFromConfig(config, options.env ?? process.env, eventLogger),
    });
    dispatcher.start();
  }

  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => { resolveClosed = resolve; });
  let closing: Promise<void> | null = null;

  const shutdown = async (): Promise<void> => {
    logger.info({ deadlineMs }, 'shutting down: no new requests or jobs; finishing in-flight work');
    const force = setTimeout(() => server.server.closeAllConnections(), deadlineMs);
    force.unref();
    const [report] = await Promise.all([server.jobWorkers.stop({ deadlineMs }), server.close()]);
    clearTimeout(force);
    await dispatcher?.stop();
    logger.info(report, 'shut down');
  };

  const close = (): Promise<void> => {
    closing ??= shutdown().finally(() => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolveClosed();
    });
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'signal received');
    close().catch((error: unknown) => logger.error({ err: error }, 'shutdown failed'));
  };
  if (options.handleSignals ?? true) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  logger.info({ url, workers: options.workers ?? 4 }, 'skafu-ai HTTP service listening');
  return { server, url, close, closed };
}
