import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createOutboxDispatcher, createPublishersFromConfig, type OutboxDispatcher } from '../events/index.js';
import { systemClock } from '../ports/clock.js';
import { createHttpServer, type HttpServerDeps } from './create-http-server.js';
import { ShuttingDownError } from './errors/http-errors.js';

/** How long a stopped synchronous call may take to write its failure and release its reservation. */
const SYNC_CALL_WIND_DOWN_MS = 5_000;
const SYNC_CALL_STOPPED = 'This server shut down before the call finished, so it was stopped: the analysis or generation failed and nothing more is billed for it. Send it again in a moment, or use ?async=true (a job survives a restart).';

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
    const deadlineAt = Date.now() + deadlineMs;
    const stopSyncCalls = async (): Promise<void> => {
      if (server.syncCalls.size === 0) return;
      logger.warn({ calls: server.syncCalls.size }, 'shutdown deadline reached; stopping the synchronous calls still running');
      await server.syncCalls.abortAll(new ShuttingDownError(SYNC_CALL_STOPPED), SYNC_CALL_WIND_DOWN_MS);
    };
    // At the deadline, calls still running are stopped (their clients get 503 and their analyses or
    // generations fail, releasing what they reserved) before the connections left are closed.
    let forced: Promise<void> = Promise.resolve();
    const force = setTimeout(() => {
      forced = stopSyncCalls().finally(() => server.server.closeAllConnections());
    }, deadlineMs);
    force.unref();
    const [report] = await Promise.all([server.jobWorkers.stop({ deadlineMs }), server.close()]);
    // A call whose client left holds no connection, so the server may close first: the call still
    // gets until the deadline, then is stopped, so the store is never closed under it.
    if (!(await server.syncCalls.idle(Math.max(0, deadlineAt - Date.now())))) await stopSyncCalls();
    clearTimeout(force);
    await forced;
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
