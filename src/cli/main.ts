import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { SkafuError, UsageLimitExceededError } from '../domain/errors.js';
import { registerAnalysisCommands } from './commands/analysis-commands.js';
import { registerGenerateCommand } from './commands/generate.js';
import { registerKeysCommand } from './commands/keys.js';
import { registerResultCommands } from './commands/results.js';
import { registerSanitizeCommand } from './commands/sanitize.js';
import { registerServeCommand } from './commands/serve.js';
import { registerStoreCommand } from './commands/store.js';
import { registerUsageCommands } from './commands/usage.js';
import { registerValidateCommand } from './commands/validate.js';
import { createCliRuntime } from './create-runtime.js';
import { EXIT, type CliIO } from './io.js';
import type { RegisterCommand } from './runtime.js';
import { colors } from './render/colors.js';

const COMMANDS: RegisterCommand[] = [
  registerAnalysisCommands,
  registerGenerateCommand,
  registerResultCommands,
  registerValidateCommand,
  registerSanitizeCommand,
  registerUsageCommands,
  registerServeCommand,
  registerKeysCommand,
  registerStoreCommand,
];

function version(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
}

export function buildProgram(runtime: ReturnType<typeof createCliRuntime>): Command {
  const program = new Command('skafu-ai')
    .description('Governed Claude calls for architecture analysis, code generation, reviews and optimisation.')
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => { runtime.io.stdout.write(text); },
      writeErr: (text) => { runtime.io.stderr.write(text); },
    });
  for (const register of COMMANDS) register(program, runtime);
  for (const command of program.commands) command.exitOverride();
  return program;
}

function reportError(io: CliIO, error: unknown, json: boolean, color: boolean): number {
  const c = colors(color);
  if (error instanceof SkafuError) {
    io.stderr.write(`${c.red('error')}: ${error.message}\n`);
    if (json) {
      const extra = error instanceof UsageLimitExceededError ? { limit: error.breach, retryAfterSeconds: error.retryAfterSeconds } : {};
      io.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message, ...extra } }, null, 2)}\n`);
    }
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`${c.red('error')}: unexpected failure: ${message}\n`);
  if (io.env.SKAFU_AI_LOG === 'debug' && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  if (json) io.stdout.write(`${JSON.stringify({ error: { code: 'internal_error', message } }, null, 2)}\n`);
  return EXIT.workFailed;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: CliIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }): Promise<number> {
  const runtime = createCliRuntime(io);
  const json = argv.includes('--json') || argv.includes('--jsonl');
  try {
    await buildProgram(runtime).parseAsync(argv, { from: 'user' });
    return runtime.exitCode();
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    return reportError(io, error, json, runtime.color);
  } finally {
    await runtime.close().catch(() => undefined);
  }
}
