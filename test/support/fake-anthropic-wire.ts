import type { ServerResponse } from 'node:http';
import { instanceOfJsonSchema, type JsonSchema } from '../../src/claude/json-schema/index.js';
import type { ErrorScenario, FakeUsage, OutputScenario } from './fake-anthropic-scenarios.js';

/** What the request body of POST /v1/messages carries (as far as the fake reads it). */
export interface MessagesBody {
  model?: string;
  max_tokens?: number;
  stream?: boolean;
  system?: unknown;
  messages?: unknown;
  output_config?: { format?: { type?: string; schema?: JsonSchema } };
  [key: string]: unknown;
}

export interface Answer {
  id: string;
  model: string;
  text: string;
  stopReason: string;
  usage: FakeUsage;
}

/**
 * Generated instances by schema text: requests repeat a handful of schemas thousands of times.
 * Instances are shared and must not be mutated (the fake only serialises them or copies them).
 */
export class InstanceCache {
  private readonly entries = new Map<string, unknown>();
  constructor(private readonly capacity = 128) {}

  instanceOf(schema: JsonSchema): unknown {
    const key = JSON.stringify(schema);
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = instanceOfJsonSchema(schema);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, value);
    return value;
  }
}

/** The text of an output scenario: given text, given value, or an instance of the request's schema. */
export function answerText(scenario: OutputScenario, body: MessagesBody, cache: InstanceCache): string {
  if (scenario.text !== undefined) return scenario.text;
  const schema = body.output_config?.format?.schema;
  let value = scenario.value;
  if (value === undefined) value = schema ? cache.instanceOf(schema) : { answer: 'Hello from the fake Anthropic API.' };
  if (scenario.invalid) value = breakValue(value);
  const text = JSON.stringify(value);
  return scenario.truncate ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : text;
}

/** The same JSON with its first property turned into a value of the wrong type. */
function breakValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { unexpected: 'not the expected shape' };
  const entries = Object.entries(value as Record<string, unknown>);
  const first = entries[0];
  if (!first) return { unexpected: 'not the expected shape' };
  const [key, current] = first;
  const wrong = typeof current === 'string' ? 12345 : typeof current === 'number' ? 'not a number' : Array.isArray(current) ? 'not an array' : 'not an object';
  return { ...(value as Record<string, unknown>), [key]: wrong };
}

function usageJson(usage: FakeUsage): Record<string, unknown> {
  const oneHour = Math.min(usage.cache_creation_1h_input_tokens, usage.cache_creation_input_tokens);
  return {
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens,
    cache_read_input_tokens: usage.cache_read_input_tokens,
    cache_creation: { ephemeral_5m_input_tokens: usage.cache_creation_input_tokens - oneHour, ephemeral_1h_input_tokens: oneHour },
    service_tier: 'standard',
    inference_geo: 'not_available',
    server_tool_use: null,
    output_tokens_details: null,
    speed: null,
  };
}

function messageJson(answer: Answer, content: unknown[], stopReason: string | null, usage: Record<string, unknown>): Record<string, unknown> {
  return {
    id: answer.id,
    type: 'message',
    role: 'assistant',
    model: answer.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage,
  };
}

export function sendMessage(res: ServerResponse, answer: Answer, requestId: string): void {
  const content = answer.text.length > 0 ? [{ type: 'text', text: answer.text, citations: null }] : [];
  const body = JSON.stringify(messageJson(answer, content, answer.stopReason, usageJson(answer.usage)));
  res.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The SSE sequence of the Messages API: start, text deltas, delta with usage and stop reason, stop. */
export function sendStream(res: ServerResponse, answer: Answer, requestId: string, options: { chunkSize: number; breakAfterChunks?: number; stallAfterChunks?: number }): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': requestId });
  const startUsage = { ...usageJson(answer.usage), output_tokens: Math.min(1, answer.usage.output_tokens) };
  const parts: string[] = [
    event('message_start', { type: 'message_start', message: messageJson(answer, [], null, startUsage) }),
    event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } }),
    event('ping', { type: 'ping' }),
  ];
  const size = Math.max(1, options.chunkSize);
  let chunks = 0;
  for (let offset = 0; offset < answer.text.length; offset += size) {
    if (options.stallAfterChunks !== undefined && chunks >= options.stallAfterChunks) {
      res.write(parts.join(''));
      return;
    }
    if (options.breakAfterChunks !== undefined && chunks >= options.breakAfterChunks) {
      parts.push(event('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
      res.end(parts.join(''));
      return;
    }
    parts.push(event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: answer.text.slice(offset, offset + size) } }));
    chunks += 1;
  }
  parts.push(
    event('content_block_stop', { type: 'content_block_stop', index: 0 }),
    event('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: answer.stopReason, stop_sequence: null, stop_details: null, container: null },
      usage: {
        output_tokens: answer.usage.output_tokens,
        input_tokens: answer.usage.input_tokens,
        cache_creation_input_tokens: answer.usage.cache_creation_input_tokens,
        cache_read_input_tokens: answer.usage.cache_read_input_tokens,
        server_tool_use: null,
      },
    }),
    event('message_stop', { type: 'message_stop' }),
  );
  res.end(parts.join(''));
}

export function sendError(res: ServerResponse, scenario: ErrorScenario, requestId: string): void {
  const error: Record<string, unknown> = { type: scenario.errorType, message: scenario.message ?? scenario.errorType };
  if (scenario.errorCode) error.details = { error_code: scenario.errorCode };
  const body = JSON.stringify({ type: 'error', error, request_id: requestId });
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'request-id': requestId, 'content-length': Buffer.byteLength(body), ...scenario.headers };
  if (scenario.retryAfter !== undefined) headers['retry-after'] = String(scenario.retryAfter);
  if (scenario.retryAfterMs !== undefined) headers['retry-after-ms'] = String(scenario.retryAfterMs);
  res.writeHead(scenario.status, headers);
  res.end(body);
}
