import { createLogger } from '../../app/bootstrap.js';
import { startHttpService } from '../../http/index.js';
import type { CliRuntime, RegisterCommand } from '../runtime.js';
import { listenFailure } from './listen-failure.js';
import { parseServeFlags, type ServeFlags, type ServeSettings } from './serve-flags.js';

function announce(runtime: CliRuntime, settings: ServeSettings, url: string): void {
  const processes = settings.processes > 1 ? ` (${settings.processes} processes)` : '';
  runtime.io.stderr.write(`skafu-ai serving on ${url}${processes} — API reference ${url}/docs, dashboard ${url}/\n`);
  if (settings.json) runtime.io.stdout.write(`${JSON.stringify({ url })}\n`);
}

/**
 * The arguments workers run the same entry script with: this invocation's, minus `--json` (only the
 * primary prints; a worker's start-up error then goes to stderr alone). Node flags (process.execArgv,
 * e.g. `--import tsx`) carry over as they are.
 */
function workerArgs(): string[] {
  return process.argv.slice(2).filter((arg) => arg !== '--json');
}

export const registerServeCommand: RegisterCommand = (program, runtime) => {
  program.command('serve')
    .description('the HTTP service: /v1 JSON API behind API keys, /docs, /openapi.json, dashboard at /, /metrics')
    .option('--port <n>', 'port to listen on; 0 picks a free one', '8787')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--workers <n>', 'async jobs each process runs at once', '4')
    .option('--processes <n>', 'processes serving the port (a cluster; "auto" = one per CPU core)', '1')
    .option('--rate-limit <n>', 'requests per minute per API key on /v1, in each process (0 = none)', '600')
    .option('--job-lease-ms <n>', 'job lease; a job whose worker vanished is recovered after it expires', '30000')
    .option('--simulate', 'use the built-in simulated model (no Claude key needed)')
    .option('--json', 'print {"url"} as a JSON line on stdout once listening')
    .action(async (flags: ServeFlags) => {
      const settings = parseServeFlags(flags);
      // The cluster code loads only for --processes > 1: one process is exactly the plain service.
      const cluster = settings.processes > 1 ? await import('../serve-cluster/index.js') : null;
      const link = cluster?.workerLink(runtime.io.env) ?? null;
      try {
        // Every start-up check (config, prices, key, store) runs here, in the primary before it forks too.
        const [app, store] = await Promise.all([runtime.app({ simulate: settings.simulate }), runtime.store()]);
        const logger = createLogger(runtime.io.env, 'info');
        if (cluster && !link) {
          runtime.setExitCode(await cluster.runClusterPrimary({
            processes: settings.processes, port: settings.port, host: settings.host,
            args: workerArgs(), env: runtime.io.env,
            logger: logger.child({ component: 'cluster' }),
            onReady: (url) => announce(runtime, settings, url),
          }));
          return;
        }
        const serviceLogger = link ? logger.child({ worker: link.id, pid: process.pid }) : logger;
        const service = await startHttpService({
          app, store, config: runtime.config(), clock: runtime.clock, logger: serviceLogger,
          port: settings.port, host: settings.host, workers: settings.workers, env: runtime.io.env,
          handleSignals: link === null,
          options: {
            requestsPerMinutePerKey: settings.rateLimit,
            jobs: { leaseMs: settings.leaseMs, recoverEveryMs: Math.min(5_000, Math.max(250, Math.floor(settings.leaseMs / 2))) },
          },
        });
        if (link) {
          link.closeOnSignals(service.close, serviceLogger);
          link.listening(service.url);
        } else {
          announce(runtime, settings, service.url);
        }
        await service.closed;
      } catch (error) {
        throw listenFailure(error, settings.host, settings.port) ?? error;
      } finally {
        link?.detach();
      }
    });
};
