import { setTimeout as sleep } from 'node:timers/promises';
import type Anthropic from '@anthropic-ai/sdk';
import { AnthropicError, APIConnectionError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsBase, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { ModelUnavailableError } from '../../domain/errors.js';
import { asMessage, hostOf } from './answer-shape.js';
import { brokenOff, carriedSkafuError, codeOf, connectionFailure } from './model-errors.js';
import type { BodyTimeoutInit } from './undici-fetch.js';

/** What one HTTP exchange gave back: a whole message, or the part of one a broken stream delivered. */
export interface Answered {
  message: Message;
  requestId: string | null;
  /** Set when the stream broke after the message had started (its tokens are billed all the same). */
  interrupted: string | null;
}

export interface CallSettings {
  timeoutMs: number;
  signal?: AbortSignal;
  /** A key to send instead of the client's (the retry after a rejected key). */
  apiKey?: string;
  onProgress?: (progress: { outputTokens: number }) => void;
  onListenerError?: (error: unknown) => void;
  /** How often a stream that fails before its message started is tried again (the client's retries). */
  retries?: number;
}

type FetchOptions = NonNullable<Parameters<Anthropic['messages']['create']>[1]>['fetchOptions'];

/**
 * The SDK's timeout ends when the headers arrive: the transport also ends a response whose body
 * then stops coming for `bodyTimeoutMs` (undici's own default is 5 minutes).
 */
function requestOptions(settings: CallSettings, signal: AbortSignal | undefined, bodyTimeoutMs: number) {
  const bodyTimeout: Pick<BodyTimeoutInit, 'bodyTimeout'> = { bodyTimeout: bodyTimeoutMs };
  return {
    timeout: settings.timeoutMs,
    fetchOptions: bodyTimeout as FetchOptions,
    ...(signal ? { signal } : {}),
    ...(settings.apiKey ? { headers: { Authorization: `Bearer ${settings.apiKey}` } } : {}),
  };
}

export async function createMessage(client: Anthropic, params: MessageCreateParamsBase, settings: CallSettings): Promise<Answered> {
  let answer: { data: unknown; request_id?: string | null | undefined; response: Response };
  try {
    answer = await client.messages.create({ ...params, stream: false }, requestOptions(settings, settings.signal, settings.timeoutMs)).withResponse();
  } catch (error) {
    if (codeOf(error) === 'UND_ERR_BODY_TIMEOUT') throw stoppedSending(params.model, settings.timeoutMs);
    if (error instanceof SyntaxError) {
      // The SDK parses a JSON content type with JSON.parse: a server that sends something else under it.
      throw new ModelUnavailableError(`${hostOf(client.baseURL)} answered with a body that is not valid JSON for ${params.model} (${error.message.split('\n', 1)[0]?.slice(0, 120) ?? 'parse error'}). Check ANTHROPIC_BASE_URL: it must point at a server of the Claude Messages API (POST /v1/messages).`);
    }
    throw unreachable(client, params, error) ?? error;
  }
  const message = asMessage(answer.data, { model: params.model, url: client.baseURL }, answer.response.status, answer.response.headers.get('content-type'));
  return { message, requestId: answer.request_id ?? null, interrupted: null };
}

/** A connection error named with the host of the client's base URL (only known here). */
function unreachable(client: Anthropic, params: MessageCreateParamsBase, error: unknown): Error | null {
  return connectionFailure(error, { model: params.model, baseURL: client.baseURL }) ?? brokenOff(error, { model: params.model, baseURL: client.baseURL });
}

/**
 * A streamed call, tried again (after 0.5 s, 1 s, … like the SDK's own retries, at most
 * `settings.retries` times) when the stream fails with an `overloaded_error` or `api_error` event
 * before its message started: nothing was billed then, and the SDK retries only errors that come
 * as an HTTP status.
 */
export async function streamMessage(client: Anthropic, params: MessageCreateParamsBase, settings: CallSettings): Promise<Answered> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await streamOnce(client, params, settings);
    } catch (error) {
      if (attempt >= (settings.retries ?? 0) || !isRetryableStreamError(error)) throw error;
      try {
        await sleep(Math.min(500 * 2 ** attempt, 8_000), undefined, settings.signal ? { signal: settings.signal } : {});
      } catch {
        throw new APIUserAbortError();
      }
    }
  }
}

const RETRYABLE_STREAM_ERRORS: ReadonlySet<string> = new Set(['overloaded_error', 'api_error']);

/** An `error` event of the stream (an APIError without a status) of a kind worth another try. */
function isRetryableStreamError(error: unknown): boolean {
  return error instanceof APIError && error.status === undefined && !(error instanceof APIConnectionError) && !(error instanceof APIUserAbortError)
    && typeof error.type === 'string' && RETRYABLE_STREAM_ERRORS.has(error.type);
}

/**
 * One streamed attempt. The SDK's timeout only covers the wait for response headers, so a stream that
 * stalls is ended here when no event arrives for `timeoutMs`. Progress reports the output tokens so
 * far: estimated from the text (about 4 characters a token) until the API's own count arrives.
 */
async function streamOnce(client: Anthropic, params: MessageCreateParamsBase, settings: CallSettings): Promise<Answered> {
  const idle = new AbortController();
  const signal = settings.signal ? AbortSignal.any([settings.signal, idle.signal]) : idle.signal;
  let timer: NodeJS.Timeout | undefined;
  let stalled = false;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      idle.abort();
    }, settings.timeoutMs);
  };
  // Events are watched by the idle timer below; the transport's body timeout is a backstop for an
  // answer read before the stream starts (a JSON message sent instead of events), which the SDK
  // then takes for a timed-out attempt.
  const stream = client.messages.stream(params, requestOptions(settings, signal, settings.timeoutMs * 2));
  let snapshot: Message | null = null;
  let characters = 0;
  let reported = 0;
  stream.on('connect', arm);
  stream.on('streamEvent', (event: RawMessageStreamEvent, current: Message) => {
    arm();
    snapshot = current;
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') characters += event.delta.text.length;
    // A stand-in of the API may leave out the delta's usage.
    const exact = event.type === 'message_delta' ? (event.usage as Partial<typeof event.usage> | undefined)?.output_tokens ?? 0 : 0;
    const estimate = Math.max(exact, Math.ceil(characters / 4));
    if (estimate > reported && settings.onProgress) {
      reported = estimate;
      try {
        settings.onProgress({ outputTokens: reported });
      } catch (error) {
        settings.onListenerError?.(error);
      }
    }
  });
  const target = { model: params.model, url: client.baseURL };
  let final: Message;
  try {
    final = await stream.finalMessage();
  } catch (error) {
    const started: Message | null = snapshot;
    const reason = stalled ? `no data for ${settings.timeoutMs} ms` : describe(error);
    if (started !== null) return { message: asMessage(started, target), requestId: stream.request_id ?? null, interrupted: reason };
    if (stalled) throw new ModelUnavailableError(`Claude (${params.model}) opened the answer stream but sent nothing for ${settings.timeoutMs} ms. Try again later or raise \`timeoutSeconds\` in the config file.`);
    const carried = carriedSkafuError(error);
    if (carried) throw carried;
    if (error instanceof AnthropicError && !(error instanceof APIError)) {
      // The SDK's own complaint about the events (e.g. "request ended without sending any chunks").
      throw new ModelUnavailableError(`${hostOf(client.baseURL)} ended the answer stream for ${params.model} without sending a message (${describe(error)}). Try again later; if it goes on, check that ANTHROPIC_BASE_URL points at a server of the Claude Messages API.`);
    }
    throw unreachable(client, params, error) ?? error;
  } finally {
    clearTimeout(timer);
  }
  return { message: asMessage(final, target), requestId: stream.request_id ?? null, interrupted: null };
}

function stoppedSending(model: string, ms: number): ModelUnavailableError {
  return new ModelUnavailableError(`Claude (${model}) started its answer but then sent nothing for ${ms} ms. Try again later or raise \`timeoutSeconds\` in the config file.`);
}

function describe(error: unknown): string {
  const type = (error as { type?: unknown }).type;
  if (typeof type === 'string') return type;
  return error instanceof Error ? error.message.split('\n', 1)[0] ?? 'stream error' : 'stream error';
}
