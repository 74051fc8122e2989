import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { InvalidInputError, SkafuError } from '../../domain/errors.js';
import { probeListen } from './probe-listen.js';
import { isListeningMessage, WORKER_ENV } from './protocol.js';
import { createRestartPolicy, type RestartPolicyOptions } from './restart-policy.js';

/** The primary gave up: workers kept exiting as soon as they started (exit 1). */
export class WorkersKeepExitingError extends SkafuError {
  override readonly name = 'WorkersKeepExitingError';
  readonly code = 'workers_keep_exiting';
  readonly exitCode = 1;
  readonly httpStatus = 500;
}

export interface ClusterPrimaryOptions {
  processes: number;
  port: number;
  host: string;
  /** Script every worker runs (default: this process's, process.argv[1]) with `args`, its `serve …` arguments. */
  exec?: string;
  args: string[];
  /** Environment of the workers (over process.env). */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Called once, when every worker listens for the first time, with the service URL. */
  onReady(url: string): void;
  restart?: Partial<RestartPolicyOptions>;
}

interface WorkerState {
  forkedAt: number;
  listening: boolean;
}

function describeExit(code: number | null, signal: string | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${String(code)}`;
}

/**
 * The `serve --processes n` primary: forks n workers (each a whole `serve` sharing the port through
 * the cluster module), replaces any that exits unexpectedly, and on SIGTERM or SIGINT sends every
 * worker SIGTERM and waits until all have shut down gracefully. Resolves with the exit code (0, or 1
 * when a worker did not shut down cleanly); rejects, after stopping the others, when workers keep
 * exiting as soon as they start.
 */
export async function runClusterPrimary(options: ClusterPrimaryOptions): Promise<number> {
  if (!cluster.isPrimary) {
    throw new InvalidInputError('--processes needs to fork its own workers, but this process already is a cluster worker (a process manager forked it); use --processes 1 and let the manager run several.', ['processes']);
  }
  await probeListen(options.port, options.host);
  const logger = options.logger;
  const policy = createRestartPolicy(options.restart);
  cluster.setupPrimary({ ...(options.exec === undefined ? {} : { exec: options.exec }), args: options.args });

  return new Promise<number>((resolve, reject) => {
    const workers = new Map<Worker, WorkerState>();
    const pendingForks = new Set<NodeJS.Timeout>();
    let stopping: { error: SkafuError | null } | null = null;
    let uncleanExits = 0;
    let ready = false;

    const finishIfDone = (): void => {
      if (!stopping || workers.size > 0) return;
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      if (stopping.error) reject(stopping.error);
      else resolve(uncleanExits === 0 ? 0 : 1);
    };

    const stop = (error: SkafuError | null): void => {
      if (stopping) return;
      stopping = { error };
      for (const timer of pendingForks) clearTimeout(timer);
      pendingForks.clear();
      for (const worker of workers.keys()) worker.process.kill('SIGTERM');
      finishIfDone();
    };

    const onListening = (worker: Worker, state: WorkerState, url: string): void => {
      if (state.listening) return;
      state.listening = true;
      logger.info({ worker: worker.id, pid: worker.process.pid }, 'worker listening');
      if (ready || stopping || [...workers.values()].filter((s) => s.listening).length < options.processes) return;
      ready = true;
      options.onReady(url);
    };

    const onExit = (worker: Worker, state: WorkerState, code: number | null, signal: string | null): void => {
      workers.delete(worker);
      const pid = worker.process.pid;
      if (stopping) {
        // A worker still starting when the signal came has nothing to finish: dying of it is clean.
        const clean = code === 0 || (!state.listening && (signal === 'SIGTERM' || signal === 'SIGINT'));
        if (!clean) {
          uncleanExits += 1;
          logger.warn({ worker: worker.id, pid, code, signal }, 'worker did not shut down cleanly');
        }
        finishIfDone();
        return;
      }
      const decision = policy.onExit({ listened: state.listening, livedMs: Date.now() - state.forkedAt });
      if (decision.giveUp) {
        const message = `The service's worker processes keep exiting as soon as they start (${decision.quickExits} in a row; the last ${describeExit(code, signal)}); giving up. Their errors are above.`;
        logger.error({ worker: worker.id, pid, code, signal, quickExits: decision.quickExits }, 'workers keep exiting at start; giving up');
        stop(new WorkersKeepExitingError(message));
        return;
      }
      logger.warn({ worker: worker.id, pid, code, signal, restartInMs: decision.delayMs }, 'worker exited unexpectedly; starting a replacement');
      const timer = setTimeout(() => {
        pendingForks.delete(timer);
        if (!stopping) fork();
      }, decision.delayMs);
      pendingForks.add(timer);
    };

    const fork = (): void => {
      const worker = cluster.fork({ ...options.env, [WORKER_ENV]: '1' });
      const state: WorkerState = { forkedAt: Date.now(), listening: false };
      workers.set(worker, state);
      logger.info({ worker: worker.id, pid: worker.process.pid }, 'worker started');
      worker.on('message', (message: unknown) => {
        if (isListeningMessage(message)) onListening(worker, state, message.url);
      });
      worker.on('exit', (code: number | null, signal: string | null) => onExit(worker, state, code, signal));
    };

    let forced = false;
    function onSignal(signal: NodeJS.Signals): void {
      if (stopping) {
        // A second signal forces, as it does for a single serve: jobs left running are recovered
        // by other processes once their lease expires.
        if (forced) return;
        forced = true;
        logger.warn({ signal, workers: workers.size }, 'second signal: killing the workers without waiting');
        for (const worker of workers.keys()) worker.process.kill('SIGKILL');
        return;
      }
      logger.info({ signal, workers: workers.size }, 'signal received: shutting every worker down gracefully');
      stop(null);
    }

    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    logger.info({ processes: options.processes }, 'starting worker processes');
    for (let i = 0; i < options.processes; i++) fork();
  });
}
