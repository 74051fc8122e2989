import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../domain/errors.js';
import { parseProcesses, parseServeFlags, type ServeFlags } from './serve-flags.js';

const DEFAULTS: ServeFlags = { port: '8787', host: '127.0.0.1', workers: '4', processes: '1', rateLimit: '600', jobLeaseMs: '30000' };

describe('serve flags', () => {
  it('defaults to one process, today\'s single-process service', () => {
    expect(parseServeFlags(DEFAULTS)).toEqual({
      port: 8787, host: '127.0.0.1', workers: 4, processes: 1, rateLimit: 600, leaseMs: 30_000, simulate: false, json: false,
    });
  });

  it('--rate-limit 0 means no per-key rate', () => {
    expect(parseServeFlags({ ...DEFAULTS, rateLimit: '0' }).rateLimit).toBeNull();
  });

  it('--processes takes a whole number from 1 to 256, or auto = the cores available', () => {
    expect(parseProcesses('3')).toBe(3);
    expect(parseProcesses('256')).toBe(256);
    expect(parseProcesses('auto', () => 6)).toBe(6);
    expect(parseProcesses('auto', () => 0)).toBe(1);
    expect(parseProcesses('auto', () => 1000)).toBe(256);
  });

  it.each(['0', 'x', '-1', '1.5', '257', '', ' 2', 'AUTO'])('--processes %j is bad usage (exit 2) with a clear message', (value) => {
    const attempt = (): number => parseProcesses(value);
    expect(attempt).toThrow(InvalidInputError);
    expect(attempt).toThrow(`--processes must be "auto" or a whole number from 1 to 256; got "${value}".`);
  });

  it('names the flag in every other bad value', () => {
    expect(() => parseServeFlags({ ...DEFAULTS, port: '70000' })).toThrow('--port must be a whole number from 0 to 65535; got "70000".');
    expect(() => parseServeFlags({ ...DEFAULTS, workers: '0' })).toThrow('--workers must be a whole number from 1 to 256; got "0".');
  });
});
