import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  type ClientOptions,
} from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { noRetryOnSpendLimit } from './spend-limit-middleware.js';
import { BufferedResponse, createUndiciFetch, type UndiciFetch } from './undici-fetch.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (request: Received, res: ServerResponse, req: IncomingMessage) => void;

let server: Server;
let base: string;
let handler: Handler;
let received: Received[];
const transports: UndiciFetch[] = [];

function transport(options?: Parameters<typeof createUndiciFetch>[0]): UndiciFetch {
  const created = createUndiciFetch(options);
  transports.push(created);
  return created;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      received.push(request);
      handler(request, res, req);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

function reset(next: Handler): void {
  received = [];
  handler = next;
}

const message = (text: string) => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-test',
  content: [{ type: 'text', text }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 3, output_tokens: 5 },
});

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_test_1', ...headers });
  res.end(JSON.stringify(body));
}

function apiError(res: ServerResponse, status: number, type: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { type: 'error', error: { type, message: `a ${type}` } }, { 'request-id': `req_${status}`, ...headers });
}

/**
 * The Messages stream of one text answer, each event split into small pieces written with pauses
 * between them; `stallAfterEvents` stops writing (without ending the response) after that many events.
 */
async function sendEvents(res: ServerResponse, text: string, options: { stallAfterEvents?: number } = {}): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'request-id': 'req_stream_1', 'cache-control': 'no-cache' });
  const events: Array<[string, unknown]> = [
    ['message_start', { type: 'message_start', message: { ...message(''), content: [], stop_reason: null, usage: { input_tokens: 3, output_tokens: 1 } } }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ['ping', { type: 'ping' }],
    ...[...text].map((character): [string, unknown] => ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: character } }]),
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: text.length } }],
    ['message_stop', { type: 'message_stop' }],
  ];
  for (const [index, [event, data]] of events.entries()) {
    if (index === options.stallAfterEvents) return;
    for (const piece of `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`.match(/[\s\S]{1,40}/g) ?? []) {
      if (res.destroyed) return;
      res.write(piece);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  res.end();
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, 'close');
  return port;
}

function client(fetch: UndiciFetch['fetch'], options: Partial<ClientOptions> = {}): Anthropic {
  return new Anthropic({ apiKey: 'sk-test', baseURL: base, fetch, maxRetries: 0, ...options });
}

const params = { model: 'claude-test', max_tokens: 64, messages: [{ role: 'user' as const, content: 'hello' }] };

/** Resolves when the server sees the client's side of the request close before the answer ended. */
function clientGaveUp(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => res.on('close', () => { if (!res.writableFinished) resolve(); }));
}

describe('the fetch itself', () => {
  it('sends the method, path, query, headers and body, and returns a buffered JSON answer', async () => {
    reset((_request, res) => sendJson(res, 201, { hello: 'wörld' }, { 'set-cookie': ['a=1', 'b=2'], 'x-custom': 'yes' }));
    const { fetch } = transport();
    const headers = new Headers({ 'X-One': '1', 'content-type': 'application/json' });
    const response = await fetch(`${base}/v1/things?beta=true`, { method: 'post', headers, body: '{"q":1}' });
    expect(received[0]).toMatchObject({ method: 'POST', url: '/v1/things?beta=true', body: '{"q":1}' });
    expect(received[0]?.headers).toMatchObject({ 'x-one': '1', 'content-type': 'application/json', 'content-length': '7' });
    expect(response).toBeInstanceOf(BufferedResponse);
    expect(response).toMatchObject({ ok: true, status: 201, statusText: 'Created', url: `${base}/v1/things?beta=true`, redirected: false, type: 'basic', bodyUsed: false });
    expect(response.headers).toBeInstanceOf(Headers);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('request-id')).toBe('req_test_1');
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    const copy = response.clone();
    expect(await response.json()).toEqual({ hello: 'wörld' });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    expect(await copy.text()).toBe('{"hello":"wörld"}');
  });

  it('takes headers as a record or as pairs, and labels a string body as text by default', async () => {
    reset((_request, res) => sendJson(res, 200, {}));
    const { fetch } = transport();
    await fetch(`${base}/a`, { method: 'POST', headers: { 'X-Record': 'r', Accept: 'application/json' }, body: 'plain' });
    await fetch(new URL(`${base}/b`), { headers: [['X-Pair', 'p1'], ['x-pair', 'p2']] });
    expect(received[0]?.headers).toMatchObject({ 'x-record': 'r', accept: 'application/json', 'content-type': 'text/plain;charset=UTF-8' });
    expect(received[1]).toMatchObject({ method: 'GET', url: '/b' });
    expect(received[1]?.headers['x-pair']).toBe('p1, p2');
  });

  it('sends bytes as they are', async () => {
    reset((_request, res) => sendJson(res, 200, {}));
    const { fetch } = transport();
    await fetch(`${base}/bytes`, { method: 'POST', body: new TextEncoder().encode('über') });
    await fetch(`${base}/view`, { method: 'POST', body: new DataView(new TextEncoder().encode('xyz').buffer) });
    expect(received.map((r) => r.body)).toEqual(['über', 'xyz']);
    expect(received[0]?.headers['content-type']).toBeUndefined();
  });

  it('offers the buffered body as a stream, bytes and a blob', async () => {
    reset((_request, res) => sendJson(res, 200, { n: 1 }));
    const { fetch } = transport();
    const response = await fetch(`${base}/stream`);
    const body = response.body;
    expect(body).toBeInstanceOf(ReadableStream);
    expect(response.body).toBe(body);
    expect(await new Response(body).text()).toBe('{"n":1}');
    expect(response.bodyUsed).toBe(true);
    await expect(response.json()).rejects.toThrow(TypeError);

    const again = await fetch(`${base}/stream`);
    expect(new TextDecoder().decode(await again.clone().arrayBuffer())).toBe('{"n":1}');
    const blob = await again.blob();
    expect(blob.type).toBe('application/json');
    expect(await blob.text()).toBe('{"n":1}');
  });

  it('gives a null body for 204, streams binary content untouched, and text as text', async () => {
    const binary = Buffer.from([0, 255, 128, 10, 200]);
    reset((request, res) => {
      if (request.url === '/empty') { res.writeHead(204).end(); return; }
      if (request.url === '/binary') { res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(binary); return; }
      res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>down</h1>');
    });
    const { fetch } = transport();
    const empty = await fetch(`${base}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    expect(await empty.text()).toBe('');
    const file = await fetch(`${base}/binary`);
    expect(file).toBeInstanceOf(Response);
    expect(file.url).toBe(`${base}/binary`);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(binary);
    const html = await fetch(`${base}/html`);
    expect(html.ok).toBe(false);
    expect(await html.text()).toBe('<h1>down</h1>');
  });

  it('follows a redirect through the global fetch, and leaves a request body it cannot send to it', async () => {
    reset((request, res) => {
      if (request.url === '/old') { res.writeHead(307, { location: '/new' }).end(); return; }
      sendJson(res, 200, { at: request.url, body: request.body });
    });
    const { fetch } = transport();
    const moved = await fetch(`${base}/old`, { method: 'POST', body: 'again' });
    expect(await moved.json()).toEqual({ at: '/new', body: 'again' });
    expect(moved.redirected).toBe(true);
    const manual = await fetch(`${base}/old`, { redirect: 'manual' });
    expect(manual.status).toBe(307);
    const streamed = new ReadableStream<Uint8Array>({ start(controller) { controller.enqueue(new TextEncoder().encode('from a stream')); controller.close(); } });
    const init: RequestInit & { duplex: 'half' } = { method: 'POST', body: streamed, duplex: 'half' };
    expect(await (await fetch(`${base}/upload`, init)).json()).toEqual({ at: '/upload', body: 'from a stream' });
  });

  it('sends nothing for a signal that is already aborted', async () => {
    reset((_request, res) => sendJson(res, 200, {}));
    const { fetch } = transport();
    await expect(fetch(`${base}/never`, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(received).toHaveLength(0);
  });

  it('rejects at once with the abort reason when aborted while waiting for a socket', async () => {
    reset((_request, res) => { setTimeout(() => sendJson(res, 200, {}), 1_000); });
    const { fetch } = transport({ connections: 1 });
    const first = fetch(`${base}/busy`);
    const controller = new AbortController();
    const queued = fetch(`${base}/queued`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(700);
    expect((await first).status).toBe(200);
  });

  it('rejects a refused connection as the global fetch does', async () => {
    const { fetch } = transport();
    const error = await fetch(`http://127.0.0.1:${await closedPort()}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
  });

  it('does not keep the process alive with an idle keep-alive socket', async () => {
    reset((_request, res) => sendJson(res, 200, { ok: true }));
    const module = fileURLToPath(new URL('./undici-fetch.ts', import.meta.url));
    const script = `const { createUndiciFetch } = await import(${JSON.stringify(module)});
      const { fetch } = createUndiciFetch({ keepAliveTimeoutMs: 60000 });
      const response = await fetch(${JSON.stringify(`${base}/alive`)});
      console.log(JSON.stringify(await response.json()));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const exited = once(child, 'exit');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const [code] = (await exited) as [number | null];
    clearTimeout(timer);
    expect(code).toBe(0);
    expect(output.trim()).toBe('{"ok":true}');
    expect(received[0]?.headers.connection).toBe('keep-alive');
  });
});

describe.each([
  ['without middleware', {}],
  ['with middleware', { middleware: [noRetryOnSpendLimit] }],
] as const)('the SDK over it (%s)', (_name, extra) => {
  it('returns the message with its request id', async () => {
    reset((_request, res) => sendJson(res, 200, message('hi there')));
    const { data, request_id, response } = await client(transport().fetch, extra).messages.create(params).withResponse();
    expect(data.content).toEqual([{ type: 'text', text: 'hi there' }]);
    expect(request_id).toBe('req_test_1');
    expect(response.headers.get('request-id')).toBe('req_test_1');
    expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject(params);
    expect(received[0]?.headers.authorization).toBe('Bearer sk-test');
  });

  it('raises the APIError subclass of the status with the request id', async () => {
    reset((request, res) => (request.headers.authorization === 'Bearer sk-bad' ? apiError(res, 401, 'authentication_error') : apiError(res, 400, 'invalid_request_error')));
    const bad = await client(transport().fetch, extra).messages.create(params).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(BadRequestError);
    expect(bad).toMatchObject({ status: 400, requestID: 'req_400', type: 'invalid_request_error' });
    const denied = await client(transport().fetch, { ...extra, apiKey: 'sk-bad' }).messages.create(params).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(AuthenticationError);
    expect(denied).toMatchObject({ status: 401, requestID: 'req_401' });
  });

  it('retries 429 after retry-after and 5xx, then answers', async () => {
    let calls = 0;
    reset((_request, res) => {
      calls += 1;
      if (calls === 1) apiError(res, 429, 'rate_limit_error', { 'retry-after': '1' });
      else if (calls === 2) apiError(res, 500, 'api_error', { 'retry-after-ms': '10' });
      else sendJson(res, 200, message('finally'));
    });
    const started = Date.now();
    const answer = await client(transport().fetch, { ...extra, maxRetries: 2 }).messages.create(params);
    expect(answer.content).toEqual([{ type: 'text', text: 'finally' }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(received.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1', '2']);
  });

  it('gives up on 5xx after the retries with InternalServerError', async () => {
    reset((_request, res) => apiError(res, 500, 'api_error', { 'retry-after-ms': '5' }));
    const error = await client(transport().fetch, { ...extra, maxRetries: 1 }).messages.create(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 500, requestID: 'req_500' });
    expect(received).toHaveLength(2);
  });

  it('streams chunked events through messages.stream', async () => {
    reset((_request, res) => void sendEvents(res, 'Hello, stream!'));
    const stream = client(transport().fetch, extra).messages.stream(params);
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    const final = await stream.finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'Hello, stream!' }]);
    expect(final.usage.output_tokens).toBe(14);
    expect(deltas.join('')).toBe('Hello, stream!');
    expect(stream.request_id).toBe('req_stream_1');
    expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({ stream: true });
  });

  it('raises APIUserAbortError when the caller aborts while waiting, and ends the request', async () => {
    let gaveUp: Promise<void> = Promise.resolve();
    reset((_request, res) => { gaveUp = clientGaveUp(res); setTimeout(() => { if (!res.destroyed) sendJson(res, 200, message('late')); }, 2_000); });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await client(transport().fetch, { ...extra, maxRetries: 2 }).messages.create(params, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    await gaveUp;
    expect(received).toHaveLength(1);
  });

  it('raises APIUserAbortError when the caller aborts a stream under way, and ends the request', async () => {
    let gaveUp: Promise<void> = Promise.resolve();
    reset((_request, res) => { gaveUp = clientGaveUp(res); void sendEvents(res, 'never finished', { stallAfterEvents: 5 }); });
    const controller = new AbortController();
    const stream = client(transport().fetch, extra).messages.stream(params, { signal: controller.signal });
    stream.on('text', () => controller.abort());
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(stream.aborted).toBe(true);
    await gaveUp;
  });

  it('times out each attempt with the SDK timeout and raises APIConnectionTimeoutError', async () => {
    reset((_request, res) => { setTimeout(() => { if (!res.destroyed) sendJson(res, 200, message('late')); }, 2_000); });
    const started = Date.now();
    const error = await client(transport().fetch, { ...extra, maxRetries: 1, timeout: 150 }).messages.create(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(received).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1_900);
  });

  it('retries a refused connection and raises APIConnectionError', async () => {
    const { fetch } = transport();
    let attempts = 0;
    const counting: UndiciFetch['fetch'] = (input, init) => {
      attempts += 1;
      return fetch(input, init);
    };
    const error = await client(counting, { ...extra, baseURL: `http://127.0.0.1:${await closedPort()}`, maxRetries: 2 }).messages.create(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).cause).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
    expect(attempts).toBe(3);
  });
});
