import { fork, type ChildProcess } from 'node:child_process';

type WorkerMessage = { type: 'ready' } | { type: 'report'; report: unknown } | { type: 'error'; message: string };

/**
 * Forks `count` TypeScript worker processes (through tsx), waits until all are ready, releases them
 * together and collects one report from each. A worker that fails rejects the whole run.
 */
export async function runWorkers<R>(script: string, args: unknown[], timeoutMs = 60_000): Promise<R[]> {
  const children: ChildProcess[] = args.map((arg) => fork(script, [JSON.stringify(arg)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const timer = setTimeout(() => { for (const c of children) c.kill(); }, timeoutMs);
  try {
    const ready = children.map((child) => new Promise<void>((resolve, reject) => {
      const onMessage = (m: WorkerMessage): void => {
        if (m.type === 'ready') { child.off('message', onMessage); resolve(); }
        if (m.type === 'error') reject(new Error(`worker ${child.pid}: ${m.message}`));
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`worker ${child.pid} exited with ${code} before it was ready`)));
    }));
    await Promise.all(ready);
    const reports = children.map((child) => new Promise<R>((resolve, reject) => {
      child.on('message', (m: WorkerMessage) => {
        if (m.type === 'report') resolve(m.report as R);
        if (m.type === 'error') reject(new Error(`worker ${child.pid}: ${m.message}`));
      });
      child.once('exit', (code) => { if (code !== 0) reject(new Error(`worker ${child.pid} exited with ${code}`)); });
    }));
    for (const child of children) child.send({ type: 'go' });
    return await Promise.all(reports);
  } finally {
    clearTimeout(timer);
  }
}
