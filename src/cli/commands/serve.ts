import { createLogger } from '../../app/bootstrap.js';
import { InvalidInputError } from '../../domain/errors.js';
import { startHttpService } from '../../http/index.js';
import type { RegisterCommand } from '../runtime.js';

interface ServeFlags {
  port: string;
  host: string;
  workers: string;
  rateLimit: string;
  jobLeaseMs: string;
  simulate?: boolean;
  json?: boolean;
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidInputError(`${flag} must be a whole number from ${min} to ${max}; got "${value}".`, [flag.slice(2)]);
  return n;
}

export const registerServeCommand: RegisterCommand = (program, runtime) => {
  program.command('serve')
    .description('the HTTP service: /v1 JSON API behind API keys, /docs, /openapi.json, dashboard at /, /metrics')
    .option('--port <n>', 'port to listen on; 0 picks a free one', '8787')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--workers <n>', 'async jobs this process runs at once', '4')
    .option('--rate-limit <n>', 'requests per minute per API key on /v1 (0 = none)', '600')
    .option('--job-lease-ms <n>', 'job lease; a job whose worker vanished is recovered after it expires', '30000')
    .option('--simulate', 'use the built-in simulated model (no Claude key needed)')
    .option('--json', 'print {"url"} as a JSON line on stdout once listening')
    .action(async (flags: ServeFlags) => {
      const port = wholeNumber('--port', flags.port, 0, 65535);
      const workers = wholeNumber('--workers', flags.workers, 1, 256);
      const rateLimit = wholeNumber('--rate-limit', flags.rateLimit, 0, 10_000_000);
      const leaseMs = wholeNumber('--job-lease-ms', flags.jobLeaseMs, 500, 3_600_000);
      const [app, store] = await Promise.all([runtime.app({ simulate: flags.simulate === true }), runtime.store()]);
      const service = await startHttpService({
        app, store, config: runtime.config(), clock: runtime.clock,
        logger: createLogger(runtime.io.env, 'info'),
        port, host: flags.host, workers, env: runtime.io.env,
        options: {
          requestsPerMinutePerKey: rateLimit === 0 ? null : rateLimit,
          jobs: { leaseMs, recoverEveryMs: Math.min(5_000, Math.max(250, Math.floor(leaseMs / 2))) },
        },
      });
      runtime.io.stderr.write(`skafu-ai serving on ${service.url} — API reference ${service.url}/docs, dashboard ${service.url}/\n`);
      if (flags.json) runtime.io.stdout.write(`${JSON.stringify({ url: service.url })}\n`);
      await service.closed;
    });
};
