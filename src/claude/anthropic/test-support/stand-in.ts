import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { z } from 'zod';
import type { ModelRequest } from '../../../ports/model.js';
import { createAnthropicModel, type AnthropicModel } from '../../anthropic-model.js';

/**
 * A bare Messages API stand-in for the adapter's tests: each test says exactly what goes on the
 * wire (status, headers, body bytes), so answers the official API never gives can be tried too.
 */
export interface StandIn {
  readonly url: string;
  /** Request bodies received since the last `answer`. */
  readonly received: Array<Record<string, unknown>>;
  /** Their headers (lower-case names), in the same order. */
  readonly headers: IncomingMessage['headers'][];
  /** Sets how the following requests are answered. */
  answer(handler: StandInHandler): void;
  close(): Promise<void>;
}

export type StandInHandler = (body: Record<string, unknown>, res: ServerResponse, attempt: number, req: IncomingMessage) => void;

export async function startStandIn(): Promise<StandIn> {
  let handler: StandInHandler = (_body, res) => sendJson(res, 500, { type: 'error', error: { type: 'api_error', message: 'no handler' } });
  const received: Array<Record<string, unknown>> = [];
  const headers: IncomingMessage['headers'][] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
      received.push(body);
      headers.push(req.headers);
      handler(body, res, received.length, req);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    headers,
    answer(next) {
      received.length = 0;
      headers.length = 0;
      handler = next;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_standin', ...headers });
  res.end(JSON.stringify(body));
}

export function sendText(res: ServerResponse, status: number, contentType: string | null, text: string): void {
  res.writeHead(status, contentType ? { 'content-type': contentType } : {});
  res.end(text);
}

/** A whole message as the Messages API sends it; `overrides` replace top-level fields. */
export function messageBody(content: unknown[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'msg_standin',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-5-5',
    content,
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 100, output_tokens: 50, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    ...overrides,
  };
}

/** Server-sent events, each `[name, data]`; a null name leaves the `event:` line out. */
export function sseText(events: Array<[string | null, unknown]>): string {
  return events.map(([name, data]) => `${name === null ? '' : `event: ${name}\n`}data: ${JSON.stringify(data)}\n\n`).join('');
}

/** The event sequence of a message with one text block (usage as in `messageBody`). */
export function textEvents(text: string, options: { stopReason?: string; model?: string } = {}): Array<[string, unknown]> {
  const start = messageBody([], { stop_reason: null, ...(options.model ? { model: options.model } : {}) });
  return [
    ['message_start', { type: 'message_start', message: { ...start, usage: { input_tokens: 100, output_tokens: 1 } } }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: options.stopReason ?? 'end_turn', stop_sequence: null }, usage: { output_tokens: 50 } }],
    ['message_stop', { type: 'message_stop' }],
  ];
}

export function sendEvents(res: ServerResponse, text: string, contentType = 'text/event-stream'): void {
  res.writeHead(200, { 'content-type': contentType, 'request-id': 'req_standin' });
  res.end(text);
}

/** Requests for `schema` with the defaults these tests share (and `defaults`); each test overrides what it tries. */
export function requestsOf<S extends z.ZodType>(schema: S, defaults: Partial<ModelRequest<S>> = {}): (overrides?: Partial<ModelRequest<S>>) => ModelRequest<S> {
  return (overrides = {}) => ({ operation: 'project_analysis', model: 'claude-sonnet-5-5', system: 'system', schema, userContent: 'user', maxTokens: 512, timeoutMs: 5_000, stream: false, ...defaults, ...overrides });
}

/** A stand-in and a model client over it (key `sk-test`), started before a test file's tests and closed after them. */
export function useStandInModel(options: { maxRetries: number }): { readonly standIn: StandIn; readonly model: AnthropicModel } {
  let standIn: StandIn | null = null;
  let model: AnthropicModel | null = null;
  beforeAll(async () => {
    standIn = await startStandIn();
    model = createAnthropicModel({ secrets: { getAnthropicApiKey: () => Promise.resolve('sk-test') }, baseURL: standIn.url, maxRetries: options.maxRetries });
  });
  afterAll(async () => {
    await model?.close();
    await standIn?.close();
  });
  const started = <T>(value: T | null): T => {
    if (value === null) throw new Error('the stand-in starts before the tests');
    return value;
  };
  return { get standIn() { return started(standIn); }, get model() { return started(model); } };
}
