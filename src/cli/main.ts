import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { SkafuError, UsageLimitExceededError } from '../domain/errors.js';
import { createCliRuntime } from './create-runtime.js';
import { EXIT, type CliIO } from './io.js';
import type { RegisterCommand } from './runtime.js';
import { colors } from './render/colors.js';

type CommandLoader = () => Promise<RegisterCommand>;

/**
 * Command modules by the command names they register. Only the module of the command being run is
 * loaded (the validator, the HTTP server and the AWS SDK are heavy); help loads them all.
 */
const analysis: CommandLoader = () => import('./commands/analysis-commands.js').then((m) => m.registerAnalysisCommands);
const results: CommandLoader = () => import('./commands/results.js').then((m) => m.registerResultCommands);
const usage: CommandLoader = () => import('./commands/usage.js').then((m) => m.registerUsageCommands);
const COMMANDS: Record<string, CommandLoader> = {
  analyze: analysis,
  review: analysis,
  optimize: analysis,
  generate: () => import('./commands/generate.js').then((m) => m.registerGenerateCommand),
  show: results,
  list: results,
  validate: () => import('./commands/validate.js').then((m) => m.registerValidateCommand),
  sanitize: () => import('./commands/sanitize.js').then((m) => m.registerSanitizeCommand),
  usage,
  limits: usage,
  serve: () => import('./commands/serve.js').then((m) => m.registerServeCommand),
  keys: () => import('./commands/keys.js').then((m) => m.registerKeysCommand),
  store: () => import('./commands/store.js').then((m) => m.registerStoreCommand),
};

async function commandsFor(argv: string[]): Promise<RegisterCommand[]> {
  const name = argv.find((arg) => !arg.startsWith('-'));
  const only = name === undefined ? undefined : COMMANDS[name];
  const loaders = only ? [only] : [...new Set(Object.values(COMMANDS))];
  return Promise.all(loaders.map((load) => load()));
}

function version(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
}

export async function buildProgram(runtime: ReturnType<typeof createCliRuntime>, argv: string[]): Promise<Command> {
  const program = new Command('skafu-ai')
    .description('Governed Claude calls for architecture analysis, code generation, reviews and optimisation.')
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => { runtime.io.stdout.write(text); },
      writeErr: (text) => { runtime.io.stderr.write(text); },
    });
  for (const register of await commandsFor(argv)) register(program, runtime);
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
  const level = io.env.SKAFU_AI_LOG?.trim().toLowerCase();
  if ((level === 'debug' || level === 'trace') && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  if (json) io.stdout.write(`${JSON.stringify({ error: { code: 'internal_error', message } }, null, 2)}\n`);
  return EXIT.workFailed;
}

/** Commander's message without its "error: " prefix; help shown for a missing subcommand says so. */
function usageMessage(error: CommanderError): string {
  if (error.code === 'commander.help') return 'A command is missing; run with --help to see the commands.';
  return error.message.replace(/^error: /, '');
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: CliIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }): Promise<number> {
  const runtime = createCliRuntime(io);
  const json = argv.includes('--json') || argv.includes('--jsonl');
  try {
    await (await buildProgram(runtime, argv)).parseAsync(argv, { from: 'user' });
    return runtime.exitCode();
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT.ok;
      // Commander has told the user on stderr already; machines get the error object too.
      if (json) io.stdout.write(`${JSON.stringify({ error: { code: 'invalid_input', message: usageMessage(error) } }, null, 2)}\n`);
      return EXIT.badInput;
    }
    return reportError(io, error, json, runtime.color);
  } finally {
    await runtime.close().catch(() => undefined);
  }
}
