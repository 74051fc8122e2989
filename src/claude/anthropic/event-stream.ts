import { isRecord } from './answer-shape.js';

/**
 * The server-sent events of a streamed answer, made readable by the SDK whatever a
 * Messages-API-compatible server sends: the SDK ignores events without an `event:` line, fails on a
 * `message_start` without `content` or `usage` and on a `message_delta` without `usage`, drops the
 * deltas of a content block that was never started, and gives up on a stream that ends after the
 * final `message_delta` but without `message_stop`. Events are passed
 * on unchanged (not even parsed) when they need nothing: the text deltas, i.e. nearly all of them.
 */
export function normalizeEventStream(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const state: StreamState = { started: false, finished: false, stopped: false, outputTokens: null, blocks: new Set() };
  let buffer = '';
  return body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      buffer += decoder.decode(chunk, { stream: true });
      let out = '';
      for (let end = EVENT_END.exec(buffer); end !== null; end = EVENT_END.exec(buffer)) {
        out += normalizeEvent(buffer.slice(0, end.index), state);
        buffer = buffer.slice(end.index + end[0].length);
      }
      if (out) controller.enqueue(encoder.encode(out));
    },
    flush(controller) {
      buffer += decoder.decode();
      let out = buffer.trim() ? normalizeEvent(buffer, state) : '';
      // Everything arrived (the stop reason and the final usage): only the closing event is missing.
      if (state.started && state.finished && !state.stopped) out += event('message_stop', { type: 'message_stop' });
      if (out) controller.enqueue(encoder.encode(out));
    },
  }));
}

/** The event stream the Messages API would have sent for a whole message (a server that does not stream). */
export function messageAsEvents(message: Record<string, unknown> & { content: unknown[] }): string {
  const usage = isRecord(message.usage) ? message.usage : {};
  const parts = [event('message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage } })];
  let at = 0;
  for (const block of message.content) {
    if (!isRecord(block) || typeof block.type !== 'string') continue;
    if (block.type === 'text' && typeof block.text === 'string') {
      parts.push(event('content_block_start', { type: 'content_block_start', index: at, content_block: { ...block, text: '' } }));
      parts.push(event('content_block_delta', { type: 'content_block_delta', index: at, delta: { type: 'text_delta', text: block.text } }));
    } else if (block.type === 'tool_use' || block.type === 'server_tool_use') {
      parts.push(event('content_block_start', { type: 'content_block_start', index: at, content_block: { ...block, input: {} } }));
      parts.push(event('content_block_delta', { type: 'content_block_delta', index: at, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input ?? {}) } }));
    } else if (block.type === 'thinking' && typeof block.thinking === 'string') {
      parts.push(event('content_block_start', { type: 'content_block_start', index: at, content_block: { ...block, thinking: '', signature: '' } }));
      parts.push(event('content_block_delta', { type: 'content_block_delta', index: at, delta: { type: 'thinking_delta', thinking: block.thinking } }));
      if (typeof block.signature === 'string') parts.push(event('content_block_delta', { type: 'content_block_delta', index: at, delta: { type: 'signature_delta', signature: block.signature } }));
    } else {
      parts.push(event('content_block_start', { type: 'content_block_start', index: at, content_block: block }));
    }
    parts.push(event('content_block_stop', { type: 'content_block_stop', index: at }));
    at += 1;
  }
  parts.push(event('message_delta', { type: 'message_delta', delta: { stop_reason: message.stop_reason ?? null, stop_sequence: message.stop_sequence ?? null }, usage }));
  parts.push(event('message_stop', { type: 'message_stop' }));
  return parts.join('');
}

interface StreamState {
  started: boolean;
  /** A `message_delta` arrived (the stop reason and final usage). */
  finished: boolean;
  stopped: boolean;
  /** The output tokens `message_start` reported, kept when a `message_delta` reports none. */
  outputTokens: number | null;
  /** Indexes of the content blocks started so far. */
  blocks: Set<number>;
}

/** The blank line that ends an event (any of the three line endings SSE allows). */
const EVENT_END = /\r\n\r\n|\n\n|\r\r/;
const LINE_END = /\r\n|\r|\n/;
const PASS_THROUGH = new Set(['content_block_stop', 'ping', 'error']);
const INDEX = /"index"\s*:\s*(\d+)/;

/** The block a delta implies, for a delta whose block was never started (the SDK drops such deltas). */
const IMPLIED_BLOCKS: Record<string, (index: number) => Record<string, unknown>> = {
  text_delta: () => ({ type: 'text', text: '' }),
  thinking_delta: () => ({ type: 'thinking', thinking: '', signature: '' }),
  input_json_delta: (index) => ({ type: 'tool_use', id: `toolu_${index}`, name: 'output', input: {} }),
};

function normalizeEvent(raw: string, state: StreamState): string {
  let name: string | null = null;
  const data: string[] = [];
  for (const line of raw.split(LINE_END)) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
  }
  if ((name !== null && PASS_THROUGH.has(name)) || data.length === 0) return `${raw}\n\n`;
  if (name === 'content_block_start' || name === 'content_block_delta') {
    // Read without parsing the JSON: these are nearly all the events of a stream.
    const index = Number(INDEX.exec(data.join('\n'))?.[1] ?? Number.NaN);
    if (name === 'content_block_start' || state.blocks.has(index) || Number.isNaN(index)) {
      if (!Number.isNaN(index)) state.blocks.add(index);
      return `${raw}\n\n`;
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.join('\n'));
  } catch {
    return `${raw}\n\n`;
  }
  if (!isRecord(parsed)) return `${raw}\n\n`;
  const type = name ?? (typeof parsed.type === 'string' ? parsed.type : null);
  if (type === null) return `${raw}\n\n`;
  if (type === 'content_block_start' && typeof parsed.index === 'number') {
    state.blocks.add(parsed.index);
  } else if (type === 'content_block_delta' && typeof parsed.index === 'number' && !state.blocks.has(parsed.index)) {
    const delta = isRecord(parsed.delta) ? parsed.delta : {};
    const implied = typeof delta.type === 'string' ? IMPLIED_BLOCKS[delta.type] : undefined;
    if (implied) {
      state.blocks.add(parsed.index);
      return event('content_block_start', { type: 'content_block_start', index: parsed.index, content_block: implied(parsed.index) }) + event(type, { ...parsed, type });
    }
  } else if (type === 'message_start') {
    state.started = true;
    state.blocks.clear();
    const message = isRecord(parsed.message) ? parsed.message : {};
    const usage = isRecord(message.usage) ? message.usage : {};
    state.outputTokens = typeof usage.output_tokens === 'number' ? usage.output_tokens : null;
    parsed.message = { type: 'message', role: 'assistant', ...message, content: Array.isArray(message.content) ? message.content : [], usage };
  } else if (type === 'message_delta') {
    state.finished = true;
    const usage = isRecord(parsed.usage) ? parsed.usage : {};
    if (typeof usage.output_tokens !== 'number' && state.outputTokens !== null) usage.output_tokens = state.outputTokens;
    parsed.usage = usage;
    if (!isRecord(parsed.delta)) parsed.delta = {};
  } else if (type === 'message_stop') {
    state.stopped = true;
  }
  return event(type, { ...parsed, type });
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
