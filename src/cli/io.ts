import type { Readable, Writable } from 'node:stream';

/** Where a CLI command reads and writes; tests pass their own. */
export interface CliIO {
  stdin: Readable;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Exit codes of INTERFACE.md. */
export const EXIT = {
  ok: 0,
  workFailed: 1,
  badInput: 2,
  refused: 3,
  unavailable: 4,
} as const;
