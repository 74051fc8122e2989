import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { listeningMessage, WORKER_ENV } from './protocol.js';

/** A `serve` worker's side of the cluster: tell the primary it listens, let go of it at the end. */
export interface WorkerLink {
  /** The cluster's id of this worker (1, 2, …; a replacement gets a new one). */
  id: number;
  listening(url: string): void;
  /**
   * Closes the service on SIGTERM or SIGINT, and keeps doing so for the rest of the process's life.
   * (A single `serve` handles each signal once; a worker must not, because it can get the same stop
   * twice: Ctrl-C signals the whole process group and the primary forwards SIGTERM as well, and a
   * second signal without a handler would kill the worker while it closes the store.)
   */
  closeOnSignals(close: () => Promise<void>, logger: Logger): void;
  /**
   * Closes the IPC channel, which otherwise keeps the process alive (cluster workers get their
   * connections through it). Call once the service has closed or failed to start; the process then
   * ends as a single `serve` does, with its exit code.
   */
  detach(): void;
}

/** This process's link when a `serve --processes n` primary forked it; null otherwise. */
export function workerLink(env: NodeJS.ProcessEnv): WorkerLink | null {
  const worker = cluster.worker;
  if (!cluster.isWorker || worker === undefined || env[WORKER_ENV] !== '1') return null;
  return {
    id: worker.id,
    listening(url) {
      if (worker.isConnected()) worker.send(listeningMessage(url));
    },
    closeOnSignals(close, logger) {
      const onSignal = (signal: NodeJS.Signals): void => {
        logger.info({ signal }, 'signal received');
        close().catch((error: unknown) => logger.error({ err: error }, 'shutdown failed'));
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    },
    detach() {
      // worker.disconnect() (not process.disconnect()) marks the exit as intended, so the cluster
      // module does not end the process on the spot: the CLI still closes the store and drains events.
      if (worker.isConnected()) worker.disconnect();
    },
  };
}
