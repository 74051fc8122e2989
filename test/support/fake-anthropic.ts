import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_USAGE, type FakeUsage, type Scenario } from './fake-anthropic-scenarios.js';
import { answerText, InstanceCache, sendError, sendMessage, sendStream, type MessagesBody } from './fake-anthropic-wire.js';

export { scenario, DEFAULT_USAGE, type FakeUsage, type Scenario, type OutputScenario, type ErrorScenario } from './fake-anthropic-scenarios.js';
export type { MessagesBody } from './fake-anthropic-wire.js';

/** One request as the fake received it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: MessagesBody;
  /** The key from `x-api-key` or `Authorization: Bearer`. */
  apiKey: string | null;
  receivedAt: number;
}

/** Decides the answer to a request; `undefined` falls back to the default (a schema-valid answer). */
export type Responder = (body: MessagesBody, request: ReceivedRequest) => Scenario | undefined;

export interface FakeAnthropicOptions {
  /** Wait before every answer (benchmarks use 200 and 0). Default 0. */
  latencyMs?: number;
  /** Usage numbers of every answer (defaults: input 1200, output 800, no cache tokens). */
  usage?: Partial<FakeUsage>;
  /** Answer with this model id instead of the requested one (e.g. a dated snapshot). */
  modelName?: string;
  /** Custom answers; consulted after the queue of enqueued scenarios is empty. */
  respond?: Responder;
  /** When set, requests with any other key get 401 authentication_error. */
  validKeys?: string[];
  /**
   * Simulate prompt caching: the system blocks up to the last `cache_control` are written to the
   * cache on first sight (`cache_creation_input_tokens`) and read afterwards
   * (`cache_read_input_tokens`), counted as ceil(characters / 4) tokens. Prefixes shorter than
   * `minTokens` (default 0) are not cached, as with the real API.
   */
  promptCache?: boolean | { minTokens?: number };
  /** Keep every request in `requests` (default true; long benchmarks may turn it off). */
  recordRequests?: boolean;
  port?: number;
}

export interface FakeAnthropic {
  /** Base URL for `ANTHROPIC_BASE_URL` / the SDK's `baseURL`. */
  readonly url: string;
  /** Every request received since the start or the last reset (the same array instance throughout). */
  readonly requests: ReceivedRequest[];
  /** Requests to /v1/messages received (also counted when recording is off). */
  messageCount(): number;
  /** Scripted answers, used one per request, in order, before the responder and the default. */
  enqueue(...scenarios: Scenario[]): void;
  /** Changes options of the running server (latency, usage, model name, responder, keys, caching). */
  configure(options: Omit<FakeAnthropicOptions, 'port'>): void;
  /** Forgets the requests, the queue and the simulated prompt cache. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * A fake of the Anthropic Messages API on 127.0.0.1 (random port), close enough to the wire format
 * that the official SDK works against it unchanged: JSON and SSE answers, error bodies, `retry-after`
 * and `request-id` headers. Control routes under `/_fake/` let another process script it:
 * `POST /_fake/enqueue {scenarios}`, `POST /_fake/configure {...options}`, `POST /_fake/reset`,
 * `GET /_fake/requests`.
 */
export async function startFakeAnthropic(initial: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  let options: Omit<FakeAnthropicOptions, 'port'> = { ...initial };
  const requests: ReceivedRequest[] = [];
  const queue: Scenario[] = [];
  const promptCache = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const instances = new InstanceCache();
  let served = 0;

  const wait = (ms: number): Promise<void> => new Promise((resolve) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });

  const usageFor = (body: MessagesBody, override: Partial<FakeUsage> | undefined): FakeUsage => {
    const usage = { ...DEFAULT_USAGE, ...options.usage, ...override };
    const caching = options.promptCache;
    if (!caching) return usage;
    const prefix = cachedPrefix(body.system);
    const tokens = Math.ceil(prefix.length / 4);
    const minTokens = typeof caching === 'object' ? caching.minTokens ?? 0 : 0;
    if (prefix.length === 0 || tokens < minTokens) return usage;
    const key = createHash('sha256').update(`${body.model}\n${JSON.stringify(body.output_config ?? null)}\n${prefix}`).digest('hex');
    if (promptCache.has(key)) return { ...usage, cache_read_input_tokens: tokens, cache_creation_input_tokens: 0 };
    promptCache.add(key);
    return { ...usage, cache_creation_input_tokens: tokens, cache_read_input_tokens: 0 };
  };

  const answerMessages = async (request: ReceivedRequest, res: ServerResponse): Promise<void> => {
    served += 1;
    const requestId = `req_fake_${served.toString().padStart(6, '0')}`;
    if (options.validKeys && (request.apiKey === null || !options.validKeys.includes(request.apiKey))) {
      await wait(options.latencyMs ?? 0);
      sendError(res, { type: 'error', status: 401, errorType: 'authentication_error', message: 'invalid x-api-key' }, requestId);
      return;
    }
    const chosen = queue.shift() ?? options.respond?.(request.body, request) ?? { type: 'output' as const };
    await wait((options.latencyMs ?? 0) + (chosen.delayMs ?? 0));
    if (res.destroyed) return;
    if (chosen.type === 'error') {
      sendError(res, chosen, requestId);
      return;
    }
    const usage = usageFor(request.body, chosen.usage);
    if (chosen.truncate) usage.output_tokens = request.body.max_tokens ?? usage.output_tokens;
    const answer = {
      id: `msg_fake_${served.toString().padStart(6, '0')}`,
      model: chosen.model ?? options.modelName ?? request.body.model ?? 'claude-fake',
      text: answerText(chosen, request.body, instances),
      stopReason: chosen.stopReason ?? 'end_turn',
      usage,
    };
    if (request.body.stream === true) {
      sendStream(res, answer, requestId, {
        chunkSize: chosen.chunkSize ?? 48,
        ...(chosen.breakAfterChunks !== undefined ? { breakAfterChunks: chosen.breakAfterChunks } : {}),
        ...(chosen.stallAfterChunks !== undefined ? { stallAfterChunks: chosen.stallAfterChunks } : {}),
      });
    } else {
      sendMessage(res, answer, requestId);
    }
  };

  const control = (path: string, payload: unknown, res: ServerResponse): void => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const input = (payload ?? {}) as Record<string, unknown>;
    if (path === '/_fake/enqueue') {
      queue.push(...((input.scenarios ?? []) as Scenario[]));
      return reply(200, { queued: queue.length });
    }
    if (path === '/_fake/configure') {
      options = { ...options, ...(input as Omit<FakeAnthropicOptions, 'port'>) };
      return reply(200, { ok: true });
    }
    if (path === '/_fake/reset') {
      reset();
      return reply(200, { ok: true });
    }
    if (path === '/_fake/requests') return reply(200, { count: served, requests });
    return reply(404, { error: 'unknown control route' });
  };

  const reset = (): void => {
    requests.length = 0;
    queue.length = 0;
    promptCache.clear();
    served = 0;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text.length > 0 ? JSON.parse(text) : {};
      } catch {
        sendError(res, { type: 'error', status: 400, errorType: 'invalid_request_error', message: 'The request body is not valid JSON' }, 'req_fake_invalid');
        return;
      }
      if (path.startsWith('/_fake/')) return control(path, body, res);
      if (req.method !== 'POST' || path !== '/v1/messages') {
        sendError(res, { type: 'error', status: 404, errorType: 'not_found_error', message: `${req.method} ${path} does not exist on the fake` }, 'req_fake_404');
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value ?? '';
      const bearer = headers.authorization?.startsWith('Bearer ') ? headers.authorization.slice('Bearer '.length) : null;
      const request: ReceivedRequest = {
        method: req.method,
        path,
        headers,
        body: body as MessagesBody,
        apiKey: headers['x-api-key'] ?? bearer,
        receivedAt: Date.now(),
      };
      if (options.recordRequests !== false) requests.push(request);
      answerMessages(request, res).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, { type: 'error', status: 500, errorType: 'api_error', message: `fake failed: ${String(error)}` }, 'req_fake_500');
        else res.destroy();
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(initial.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messageCount: () => served,
    enqueue: (...scenarios) => {
      queue.push(...scenarios);
    },
    configure: (changes) => {
      options = { ...options, ...changes };
    },
    reset,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** The system text up to and including the last block marked with `cache_control`. */
function cachedPrefix(system: unknown): string {
  if (!Array.isArray(system)) return '';
  let last = -1;
  system.forEach((block: unknown, index) => {
    if (block && typeof block === 'object' && (block as { cache_control?: unknown }).cache_control) last = index;
  });
  return system.slice(0, last + 1).map((block: unknown) => String((block as { text?: unknown }).text ?? '')).join('\n');
}
