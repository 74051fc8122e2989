import { createServer } from 'node:net';

/**
 * Binds `host:port` and lets go at once. The primary does this before forking, so a port in use (or
 * an address this host does not have) fails with the same error as a single `serve` — from one
 * process, once — instead of every worker failing to start.
 */
export async function probeListen(port: number, host: string): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => resolve());
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
