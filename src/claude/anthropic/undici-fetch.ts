import { Readable } from 'node:stream';
import type { Agent, Dispatcher } from 'undici';

export interface UndiciFetchOptions {
  /** Most sockets per origin (default: no limit, like the global fetch). */
  connections?: number;
  /** How long an idle socket is kept when the server sends no keep-alive hint (default 4000 ms). */
  keepAliveTimeoutMs?: number;
}

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface UndiciFetch {
  fetch: FetchFunction;
  /** Closes the sockets once the requests in flight are done. Idle sockets never keep the process alive. */
  close(): Promise<void>;
}

type UndiciResponse = Dispatcher.ResponseData;

/**
 * `RequestInit` plus the longest pause between two parts of the response body (undici's
 * `bodyTimeout`): the SDK's own timeout ends when the headers arrive. Passed through the SDK's
 * `fetchOptions`; the body then fails with undici's `BodyTimeoutError` (code UND_ERR_BODY_TIMEOUT).
 */
export interface BodyTimeoutInit extends RequestInit {
  bodyTimeout?: number;
}

function bodyTimeoutOf(init: RequestInit): number | null {
  const value = (init as BodyTimeoutInit).bodyTimeout;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.ceil(value) : null;
}
type WireBody = string | Uint8Array | null;

const DEFAULT_KEEP_ALIVE_MS = 4_000;
const UNSUPPORTED = Symbol('unsupported');
/** Statuses whose response has a null body (fetch spec). */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const NORMALIZED_METHODS: ReadonlySet<string> = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const encoder = new TextEncoder();
const ignore = (): void => undefined;

/**
 * A `fetch` for the Anthropic SDK over undici's `Agent.request`: the same connection handling as
 * Node's global fetch (keep-alive, one pool per origin), without the WHATWG machinery around each
 * call. Node's fetch spends about half of the client's CPU per Claude call on that machinery.
 *
 * What the SDK sees is what the global fetch would give it:
 * - the promise settles when the response headers arrive; the body is read afterwards;
 * - an aborted `init.signal` (the SDK's per-attempt timeout, or the caller's signal) rejects at once
 *   with the signal's reason, a DOMException named `AbortError` (the SDK tells timeouts from user
 *   aborts by whether the caller's signal is aborted), and aborts the request on the wire;
 * - any other failure before the headers rejects with `TypeError('fetch failed', { cause })`, so the
 *   SDK retries it and reports `APIConnectionError` (or a timeout, when the cause says "timeout").
 *
 * JSON and text answers come back as a {@link BufferedResponse} (the body read whole by undici);
 * Server-Sent Events and other content types as a real `Response` streaming the undici body.
 * Requests this transport does not handle (a `Request` object, a body other than a string or bytes,
 * a non-HTTP URL, an explicit `dispatcher`) and redirects go to the global fetch.
 *
 * One addition to `RequestInit`: `bodyTimeout` (ms, see {@link BodyTimeoutInit}) ends a response
 * whose body stops arriving for that long (undici's own default waits 5 minutes).
 */
export function createUndiciFetch(options: UndiciFetchOptions = {}): UndiciFetch {
  // undici loads on the first request: it takes longer to import than most commands run.
  let agent: Agent | null = null;
  let loading: Promise<Agent> | null = null;
  const load = (): Promise<Agent> =>
    (loading ??= import('undici').then(({ Agent }) => {
      agent = new Agent({
        keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_MS,
        ...(options.connections !== undefined ? { connections: options.connections } : {}),
      });
      return agent;
    }));

  const undiciFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = httpUrl(input);
    const body = wireBody(init.body);
    if (url === null || body === UNSUPPORTED || 'dispatcher' in init) return globalThis.fetch(input, init);
    const headers = headerRecord(init.headers);
    if (typeof body === 'string' && headers['content-type'] === undefined) headers['content-type'] = 'text/plain;charset=UTF-8';
    const dispatcher = agent ?? (await load());
    const signal = init.signal ?? null;
    signal?.throwIfAborted();
    const bodyTimeout = bodyTimeoutOf(init);
    const pending = dispatcher.request({ origin: url.origin, path: url.pathname + url.search, method: normalizeMethod(init.method), headers, body, signal, ...(bodyTimeout ? { bodyTimeout } : {}) });
    let response: UndiciResponse;
    try {
      response = signal ? await untilAborted(pending, signal) : await pending;
    } catch (error) {
      throw asFetchError(error, signal);
    }
    if (REDIRECT_STATUSES.has(response.statusCode) && init.redirect !== 'manual' && response.headers.location !== undefined) {
      // The global fetch follows redirects (the request is sent again, by it); undici's request does not.
      response.body.dump().catch(ignore);
      return globalThis.fetch(input, init);
    }
    const responseHeaders = toHeaders(response.headers);
    if (isBuffered(response.headers['content-type'])) {
      // Not a Response (building a real one costs about as much as the rest of the call), but it has
      // every member of one that the SDK, its middleware and its parsers read: typed as one here only.
      return BufferedResponse.of(response, responseHeaders, url.href) as unknown as Response;
    }
    return streamedResponse(response, responseHeaders, url.href);
  };

  return { fetch: undiciFetch, close: async () => (loading ? (await loading).close() : undefined) };
}

/**
 * A complete answer held in memory, with the members of `Response` that code reading a fetch
 * response uses. The body is read by undici from the moment the headers arrive; `text()` and
 * `json()` wait for it. `body` is created only when asked for.
 */
export class BufferedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly url: string;
  readonly redirected = false;
  readonly type: Response['type'] = 'basic';
  readonly #text: Promise<string>;
  /** The undici body while it is being read; null once it is read (or failed). */
  #source: UndiciResponse['body'] | null;
  #used = false;
  #stream: ReadableStream<Uint8Array> | null | undefined;

  constructor(init: { status: number; statusText: string; headers: Headers; url: string; text: Promise<string>; source: UndiciResponse['body'] | null }) {
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.url = init.url;
    this.#text = init.text;
    this.#source = init.source;
  }

  /** Starts reading the undici body whole; the response is usable at once. */
  static of(response: UndiciResponse, headers: Headers, url: string): BufferedResponse {
    const source = response.body;
    const text = source.text();
    const buffered = new BufferedResponse({ status: response.statusCode, statusText: response.statusText, headers, url, text, source });
    // Also marks a failure as handled: a body nobody reads must not become an unhandled rejection.
    const settled = (): void => {
      buffered.#source = null;
    };
    text.then(settled, settled);
    return buffered;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#stream === undefined) this.#stream = NULL_BODY_STATUSES.has(this.status) ? null : this.#openStream();
    return this.#stream;
  }

  text(): Promise<string> {
    return this.#consume();
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.#consume()) as unknown;
  }

  async bytes(): Promise<Uint8Array> {
    return encoder.encode(await this.#consume());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return (await this.bytes()).buffer as ArrayBuffer;
  }

  async blob(): Promise<Blob> {
    return new Blob([await this.#consume()], { type: this.headers.get('content-type') ?? '' });
  }

  async formData(): Promise<FormData> {
    return new Response(await this.#consume(), { headers: this.headers }).formData();
  }

  clone(): BufferedResponse {
    if (this.#used || this.#stream?.locked) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse({ status: this.status, statusText: this.statusText, headers: new Headers(this.headers), url: this.url, text: this.#text, source: null });
  }

  #consume(): Promise<string> {
    if (this.#used || this.#stream?.locked) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this.#used = true;
    return this.#text;
  }

  #openStream(): ReadableStream<Uint8Array> {
    return new ReadableStream({
      type: 'bytes',
      pull: async (controller) => {
        if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
        this.#used = true;
        const bytes = encoder.encode(await this.#text);
        if (bytes.byteLength > 0) controller.enqueue(bytes);
        controller.close();
        controller.byobRequest?.respond(0);
      },
      cancel: () => {
        this.#used = true;
        // Like the global fetch: a body cancelled before it has arrived ends the request.
        this.#source?.on('error', ignore).destroy();
      },
    });
  }
}

function streamedResponse(response: UndiciResponse, headers: Headers, url: string): Response {
  const nullBody = NULL_BODY_STATUSES.has(response.statusCode);
  if (nullBody) response.body.resume();
  const body = nullBody ? null : Readable.toWeb(response.body);
  const streamed = new Response(body, { status: response.statusCode, statusText: response.statusText, headers });
  Object.defineProperty(streamed, 'url', { value: url });
  return streamed;
}

/** JSON and text are read whole; event streams and anything else (e.g. a file download) stream. */
function isBuffered(contentType: string | string[] | undefined): boolean {
  if (contentType === undefined) return true;
  const mediaType = (typeof contentType === 'string' ? contentType : (contentType[0] ?? '')).split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'text/event-stream') return false;
  return mediaType === '' || mediaType.startsWith('text/') || mediaType.includes('json');
}

function httpUrl(input: string | URL | Request): URL | null {
  if (typeof input !== 'string' && !(input instanceof URL)) return null;
  const url = typeof input === 'string' ? new URL(input) : input;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // fetch rejects credentials in the URL; leave that (and its error) to it.
  if (url.username !== '' || url.password !== '') return null;
  return url;
}

function wireBody(body: RequestInit['body']): WireBody | typeof UNSUPPORTED {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return UNSUPPORTED;
}

/** Request headers as a record with lower-case names (repeated names joined as `Headers` does). */
function headerRecord(init: RequestInit['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  if (init === undefined) return record;
  const add = (name: string, value: string): void => {
    const key = name.toLowerCase();
    const previous = record[key];
    record[key] = previous === undefined ? value : `${previous}, ${value}`;
  };
  if (init instanceof Headers) {
    init.forEach((value, name) => add(name, value));
  } else if (Array.isArray(init)) {
    for (const pair of init) {
      const [name, value] = pair;
      if (pair.length !== 2 || name === undefined || value === undefined) throw new TypeError('fetch: a header must be a [name, value] pair');
      add(name, value);
    }
  } else {
    for (const [name, value] of Object.entries(init as Record<string, string | readonly string[]>)) add(name, typeof value === 'string' ? value : value.join(', '));
  }
  return record;
}

function normalizeMethod(method: string | undefined): string {
  if (method === undefined) return 'GET';
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

/** undici's header record (a repeated header as an array) as `Headers`. */
function toHeaders(raw: UndiciResponse['headers']): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (typeof value === 'string') headers.append(name, value);
    else for (const item of value) headers.append(name, item);
  }
  return headers;
}

/**
 * undici rejects a request aborted while it waits for a socket only once it gets one; fetch
 * rejects at once. A response that arrives after the abort is discarded.
 */
function untilAborted(pending: Promise<UndiciResponse>, signal: AbortSignal): Promise<UndiciResponse> {
  return new Promise((resolve, reject) => {
    let aborted = false;
    const onAbort = (): void => {
      aborted = true;
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (response) => {
        signal.removeEventListener('abort', onAbort);
        if (aborted) response.body.on('error', ignore).destroy();
        else resolve(response);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The error the global fetch would reject with: the abort reason, or `TypeError('fetch failed')`. */
function asFetchError(error: unknown, signal: AbortSignal | null): unknown {
  if (signal?.aborted) return signal.reason;
  if (error instanceof Error && error.name === 'AbortError') return error;
  return new TypeError('fetch failed', { cause: error });
}
