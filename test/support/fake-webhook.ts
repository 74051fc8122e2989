import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received (what the signature covers). */
  body: string;
}

/** A local webhook receiver that records every delivery and can fail chosen ones. */
export interface FakeWebhook {
  readonly url: string;
  /** Deliveries answered 2xx. */
  readonly received: ReceivedWebhook[];
  /** Every request, including those answered with a failure. */
  readonly attempts: ReceivedWebhook[];
  /** The next `count` requests answer `status` (default 500), with `Retry-After` when given. */
  failNext(count: number, status?: number, retryAfterSeconds?: number): void;
  /** The next `count` requests have their connection cut without an answer. */
  dropNext(count: number): void;
  close(): Promise<void>;
}

export async function startFakeWebhook(): Promise<FakeWebhook> {
  const received: ReceivedWebhook[] = [];
  const attempts: ReceivedWebhook[] = [];
  const plan: ({ kind: 'fail'; status: number; retryAfter?: number } | { kind: 'drop' })[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const delivery = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      attempts.push(delivery);
      const step = plan.shift();
      if (step?.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (step?.kind === 'fail') {
        res.writeHead(step.status, step.retryAfter === undefined ? {} : { 'retry-after': String(step.retryAfter) });
        res.end('{"error":"simulated"}');
        return;
      }
      received.push(delivery);
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hooks/skafu`,
    received,
    attempts,
    failNext(count, status = 500, retryAfterSeconds) {
      for (let i = 0; i < count; i++) plan.push({ kind: 'fail', status, ...(retryAfterSeconds === undefined ? {} : { retryAfter: retryAfterSeconds }) });
    },
    dropNext(count) {
      for (let i = 0; i < count; i++) plan.push({ kind: 'drop' });
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((cause) => (cause ? reject(cause) : resolve()));
    }),
  };
}
