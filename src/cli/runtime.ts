import type { Command } from 'commander';
import type { AIIntegration } from '../app/ai-integration.js';
import type { AppConfig } from '../config/app-config.js';
import type { Identity } from '../domain/identity.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import type { CliIO } from './io.js';

/**
 * What every CLI command gets: its streams, and lazily opened shared resources. Commands throw the
 * typed errors of domain/errors.ts; the entry point turns them into a message and an exit code.
 */
export interface CliRuntime {
  io: CliIO;
  clock: Clock;
  /** The configuration named by SKAFU_AI_CONFIG (validated), or defaults. */
  config(): AppConfig;
  /** The identity of CLI calls: SKAFU_AI_ORG / SKAFU_AI_USER, default local/local. */
  identity(): Identity;
  /** The configured store (SKAFU_AI_STORE), opened and migrated once. */
  store(): Promise<Store>;
  /** The library core over the configured store and model (`simulate` picks the simulated model). */
  app(options?: { simulate?: boolean }): Promise<AIIntegration>;
  /** Exit code to end with when the command returns normally (e.g. 1 when work failed). */
  setExitCode(code: number): void;
  /** Whether human output may use colour (TTY, no NO_COLOR). */
  color: boolean;
}

/** Each command module exports one of these; `cli/main.ts` calls them all. */
export type RegisterCommand = (program: Command, runtime: CliRuntime) => void;
