import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ENTRY = join(ROOT, 'test', 'http', 'support', 'cli-entry.ts');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote on stdout so far. */
  stdout(): string;
  /** Everything the process wrote on stderr so far (its JSON logs). */
  stderr(): string;
  /** Sends the signal and resolves with the exit code (or the signal) once the process is gone. */
  stop(signal: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
}

export interface ServerProcessOptions {
  dbPath: string;
  configPath: string;
  anthropicUrl: string;
  /** Extra `serve` flags. */
  args?: string[];
  timeoutMs?: number;
}

/** `skafu-ai serve --port 0 --json` in its own process, run from source; resolves once it listens. */
export function spawnServer(options: ServerProcessOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'serve', '--port', '0', '--json', ...(options.args ?? [])], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1',
      SKAFU_AI_DB: options.dbPath, SKAFU_AI_CONFIG: options.configPath, SKAFU_AI_LOG: 'warn',
      ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: options.anthropicUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start within ${options.timeoutMs ?? 60_000} ms\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${String(code)}) before listening\n${stderr}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{"url"'));
      if (!line) return;
      clearTimeout(timer);
      resolve({
        url: (JSON.parse(line) as { url: string }).url,
        child,
        stdout: () => stdout,
        stderr: () => stderr,
        stop: (signal) => {
          child.kill(signal);
          return exited;
        },
      });
    });
  });
}
