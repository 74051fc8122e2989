import type { CliIO } from './io.js';

/** Machine output: one JSON document on stdout. */
export function writeJson(io: CliIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
