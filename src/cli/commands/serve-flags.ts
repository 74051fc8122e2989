import { availableParallelism } from 'node:os';
import { InvalidInputError } from '../../domain/errors.js';

/** The flags of `skafu-ai serve` as commander hands them over (strings, defaults applied). */
export interface ServeFlags {
  port: string;
  host: string;
  workers: string;
  processes: string;
  rateLimit: string;
  jobLeaseMs: string;
  simulate?: boolean;
  json?: boolean;
}

/** The same flags, checked. */
export interface ServeSettings {
  port: number;
  host: string;
  /** Async jobs each process runs at once. */
  workers: number;
  /** Processes serving the port; 1 = this process alone (no cluster). */
  processes: number;
  /** Requests per minute per API key in each process; null = none. */
  rateLimit: number | null;
  leaseMs: number;
  simulate: boolean;
  json: boolean;
}

export const MAX_PROCESSES = 256;

export function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidInputError(`${flag} must be a whole number from ${min} to ${max}; got "${value}".`, [flag.slice(2)]);
  return n;
}

/** `--processes`: a whole number, or `auto` = the CPU cores this process may use. */
export function parseProcesses(value: string, cores: () => number = availableParallelism): number {
  if (value === 'auto') return Math.min(MAX_PROCESSES, Math.max(1, cores()));
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_PROCESSES) {
    throw new InvalidInputError(`--processes must be "auto" or a whole number from 1 to ${MAX_PROCESSES}; got "${value}".`, ['processes']);
  }
  return n;
}

export function parseServeFlags(flags: ServeFlags): ServeSettings {
  // In the order serve has always checked them, so the first bad flag named stays the same.
  const port = wholeNumber('--port', flags.port, 0, 65535);
  const workers = wholeNumber('--workers', flags.workers, 1, 256);
  const rateLimit = wholeNumber('--rate-limit', flags.rateLimit, 0, 10_000_000);
  const leaseMs = wholeNumber('--job-lease-ms', flags.jobLeaseMs, 500, 3_600_000);
  const processes = parseProcesses(flags.processes);
  return {
    port, host: flags.host, workers, processes, rateLimit: rateLimit === 0 ? null : rateLimit, leaseMs,
    simulate: flags.simulate === true, json: flags.json === true,
  };
}
