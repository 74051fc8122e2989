/**
 * The least a Node.js gateway can do, as the floor the HTTP service's added latency is measured
 * against: node:http receives a request, undici forwards its body to the upstream's Messages route,
 * the answer goes back. No framework, auth, validation, store or logging.
 *
 *   node --import tsx bench/bare-proxy-main.ts <upstream base URL>
 *
 * Prints its base URL as the only line on stdout and serves until SIGTERM.
 */
import { createServer } from 'node:http';
import { Agent } from 'undici';

const upstream = process.argv[2];
if (!upstream) {
  process.stderr.write('usage: bare-proxy-main.ts <upstream base URL>\n');
  process.exit(2);
}
const agent = new Agent({ connections: 256, pipelining: 1 });
const target = new URL('/v1/messages', upstream).toString();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    agent.request({
      origin: new URL(target).origin,
      path: '/v1/messages',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': String(req.headers['x-api-key'] ?? ''), 'anthropic-version': String(req.headers['anthropic-version'] ?? '2023-06-01') },
      body: Buffer.concat(chunks),
    }).then(async (answer) => {
      const body = Buffer.from(await answer.body.arrayBuffer());
      res.writeHead(answer.statusCode, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    }).catch((error: unknown) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'upstream_failed', message: String(error) } }));
    });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  process.stdout.write(`http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void agent.close();
  server.closeAllConnections();
});
