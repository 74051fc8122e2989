import { AnthropicError, APIError, type Middleware } from '@anthropic-ai/sdk';
import { Stream } from '@anthropic-ai/sdk/core/streaming';
import { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { ModelUnavailableError } from '../../domain/errors.js';
import { hostOf, isMessageLike, mediaTypeOf, notAMessage, parseJsonText, type AnswerTarget } from './answer-shape.js';
import { messageAsEvents, normalizeEventStream } from './event-stream.js';

/**
 * Reads a successful answer of POST /v1/messages in whatever form a Messages-API-compatible server
 * sends it, and hands the SDK the form it asked for:
 * - a streamed request answered with one JSON message (a server that does not stream) gets the
 *   event stream of that message; answered with events, gets them normalized (event-stream.ts);
 * - a whole-message request answered with an event stream gets the message those events build;
 * - a body of another content type is sniffed (JSON or events sent as text/plain or without a type).
 * A streamed request answered with something that is not a message fails at once with a
 * ModelUnavailableError saying what came instead (instead of "request ended without sending any
 * chunks"). JSON answers to whole-message requests, the usual case, pass untouched and unread.
 */
export const readAnyAnswer: Middleware = async (request, next, context) => {
  const response = await next(request);
  if (!response.ok || response.status === 204 || !response.body) return response;
  const streamed = context.options?.stream === true;
  const mediaType = mediaTypeOf(response.headers.get('content-type'));
  if (!streamed && mediaType.includes('json')) return response;
  const target = { model: modelOf(context.options?.body), url: request.url };
  if (mediaType === 'text/event-stream') {
    const events = withBody(response, normalizeEventStream(response.body), 'text/event-stream');
    return streamed ? events : messageFromEvents(events, target);
  }
  const text = await response.text();
  const value = parseJsonText(text);
  if (value !== undefined) {
    if (!streamed) return withBody(response, JSON.stringify(value), 'application/json');
    if (!isMessageLike(value)) throw notAMessage(value, target, response.status, mediaType);
    return withBody(response, messageAsEvents(value), 'text/event-stream');
  }
  if (/^\s*(event|data):/.test(text.replace(/^\uFEFF/, ''))) {
    const events = withBody(response, normalizeEventStream(new Response(text).body as ReadableStream<Uint8Array>), 'text/event-stream');
    return streamed ? events : messageFromEvents(events, target);
  }
  throw notAMessage(text, target, response.status, mediaType);
};

/** The message an event stream builds, as a JSON response (the SDK's own accumulation). */
async function messageFromEvents(events: Response, target: AnswerTarget): Promise<Response> {
  const stream = Stream.fromSSEResponse<RawMessageStreamEvent>(events, new AbortController());
  let message: unknown;
  try {
    message = await MessageStream.fromReadableStream(stream.toReadableStream()).finalMessage();
  } catch (error) {
    // An `error` event is the API's error (an APIError); anything else means no whole message came.
    if (error instanceof APIError || !(error instanceof AnthropicError)) throw error;
    throw new ModelUnavailableError(`${hostOf(target.url)} answered with an event stream that holds no whole message for ${target.model} (${error.message}). Try again later.`);
  }
  return withBody(events, JSON.stringify(message), 'application/json');
}

function withBody(response: Response, body: string | ReadableStream<Uint8Array>, contentType: string): Response {
  const headers = new Headers(response.headers);
  headers.set('content-type', contentType);
  headers.delete('content-length');
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

function modelOf(body: unknown): string {
  if (body !== null && typeof body === 'object' && typeof (body as { model?: unknown }).model === 'string') return (body as { model: string }).model;
  return 'the requested model';
}
