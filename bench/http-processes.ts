/** Child processes of the HTTP benchmark: the fake Anthropic API and `skafu-ai serve`, each its own process. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Child {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const ROOT = join(import.meta.dirname, '..');

function startChild(args: string[], env: NodeJS.ProcessEnv, ready: (line: string) => string | null, name: string): Promise<Child> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${name} did not start\n${stderr}`)); }, 60_000);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited with ${String(code)}\n${stderr}`)); });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const line of stdout.split('\n')) {
        const url = ready(line.trim());
        if (!url) continue;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({
          url,
          process: child,
          stop: () => new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
        });
        return;
      }
    });
  });
}

/** `test/support/fake-anthropic-main.ts` with the given model latency. */
export function startFakeUpstream(latencyMs: number): Promise<Child> {
  return startChild(['--import', 'tsx', 'test/support/fake-anthropic-main.ts', '--latency', String(latencyMs)], {},
    (line) => (line.startsWith('http://') ? line : null), 'fake Anthropic API');
}

export interface ServiceProcessOptions {
  dbPath: string;
  configPath: string;
  anthropicUrl: string;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  workers?: number;
  /** `serve --processes`; default 1. */
  processes?: number;
}

/** `skafu-ai serve` as users run it (the built `bin/skafu-ai.js`; run `npm run build` first) with the per-key rate limit off. */
export function startService(options: ServiceProcessOptions): Promise<Child> {
  return startChild([...(options.nodeFlags ?? []), 'bin/skafu-ai.js', 'serve', '--port', '0', '--json', '--rate-limit', '0', '--workers', String(options.workers ?? 4), '--processes', String(options.processes ?? 1)], {
    SKAFU_AI_DB: options.dbPath,
    SKAFU_AI_CONFIG: options.configPath,
    SKAFU_AI_LOG: 'warn',
    ANTHROPIC_API_KEY: 'sk-ant-bench',
    ANTHROPIC_BASE_URL: options.anthropicUrl,
  }, (line) => (line.startsWith('{"url"') ? (JSON.parse(line) as { url: string }).url : null), 'skafu-ai serve');
}

let ticksPerSecond: number | null = null;

/**
 * CPU time (user + system, ms) used so far by a process and every process below it (`serve
 * --processes n` workers are children of the primary). Linux only: read from /proc.
 */
export function processTreeCpuMs(pid: number): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0; // exited meanwhile
  }
  // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  const children = readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
  return own + children.reduce((sum, child) => sum + processTreeCpuMs(child), 0);
}

/** `bench/bare-proxy-main.ts` in front of `upstreamUrl`: the floor of a Node.js gateway's added latency. */
export function startBareProxy(upstreamUrl: string): Promise<Child> {
  return startChild(['--import', 'tsx', 'bench/bare-proxy-main.ts', upstreamUrl], {},
    (line) => (line.startsWith('http://') ? line : null), 'bare proxy');
}
