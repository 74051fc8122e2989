/**
 * Scripted answers of the fake Anthropic Messages API. An `output` scenario is sent as one JSON
 * message, or as server-sent events when the request asked to stream; an `error` scenario is an
 * HTTP error with the API's error body.
 */

/** Token counts as the API reports them (the 5m/1h split is added to `cache_creation`). */
export interface FakeUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  /** Part of `cache_creation_input_tokens` written with the 1-hour TTL (the rest is 5-minute). */
  cache_creation_1h_input_tokens: number;
}

export const DEFAULT_USAGE: FakeUsage = {
  input_tokens: 1200,
  output_tokens: 800,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation_1h_input_tokens: 0,
};

export interface OutputScenario {
  type: 'output';
  /** The structured output; generated from the request's `output_config.format.schema` when absent. */
  value?: unknown;
  /** Raw answer text (wins over `value`), e.g. text that is not JSON at all. */
  text?: string;
  /** Replace the first property of the generated value with a value of the wrong type. */
  invalid?: boolean;
  /** Cut the text in half and stop with `max_tokens` (output tokens = the request's max_tokens). */
  truncate?: boolean;
  stopReason?: string;
  usage?: Partial<FakeUsage>;
  /** Model id to answer with (e.g. a dated snapshot); defaults to the server's or the request's. */
  model?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Characters per `text_delta` event when streaming (default 48). */
  chunkSize?: number;
  /** Streaming only: after this many text deltas send an `error` event and end the stream. */
  breakAfterChunks?: number;
  /** Streaming only: after this many text deltas stop sending, keeping the connection open. */
  stallAfterChunks?: number;
}

export interface ErrorScenario {
  type: 'error';
  status: number;
  errorType: string;
  message?: string;
  /** `error.details.error_code` of the body. */
  errorCode?: string;
  /** Seconds for the `retry-after` header. */
  retryAfter?: number;
  /** Milliseconds for the `retry-after-ms` header (the SDK prefers it; keeps retry tests fast). */
  retryAfterMs?: number;
  headers?: Record<string, string>;
  delayMs?: number;
}

export type Scenario = OutputScenario | ErrorScenario;

/** Builders for every scripted case the tests need. */
export const scenario = {
  /** A valid structured answer (the given value, or one generated from the request's schema). */
  valid: (value?: unknown, extra: Partial<OutputScenario> = {}): OutputScenario => ({ type: 'output', ...(value === undefined ? {} : { value }), ...extra }),
  /** An answer whose text is exactly `text`. */
  text: (text: string, extra: Partial<OutputScenario> = {}): OutputScenario => ({ type: 'output', text, ...extra }),
  /** JSON that breaks the schema (a property of the wrong type). */
  invalid: (extra: Partial<OutputScenario> = {}): OutputScenario => ({ type: 'output', invalid: true, ...extra }),
  /** Output cut off at max_tokens. */
  maxTokens: (extra: Partial<OutputScenario> = {}): OutputScenario => ({ type: 'output', truncate: true, stopReason: 'max_tokens', ...extra }),
  /** The model declined. */
  refusal: (extra: Partial<OutputScenario> = {}): OutputScenario => ({ type: 'output', text: "I can't help with that request.", stopReason: 'refusal', ...extra }),
  /** A stream that breaks off with an `error` event after `chunks` text deltas. */
  brokenStream: (chunks = 2, extra: Partial<OutputScenario> = {}): OutputScenario => ({ type: 'output', breakAfterChunks: chunks, ...extra }),
  /** A stream that goes silent (connection kept open) after `chunks` text deltas. */
  stalledStream: (chunks = 2, extra: Partial<OutputScenario> = {}): OutputScenario => ({ type: 'output', stallAfterChunks: chunks, ...extra }),
  /** A valid answer after `delayMs` (beyond a client's timeout, it is a timeout). */
  slow: (delayMs: number, extra: Partial<OutputScenario> = {}): OutputScenario => ({ type: 'output', delayMs, ...extra }),
  rateLimited: (retryAfterSeconds = 0, extra: Partial<ErrorScenario> = {}): ErrorScenario => ({ type: 'error', status: 429, errorType: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit', retryAfter: retryAfterSeconds, ...extra }),
  overloaded: (extra: Partial<ErrorScenario> = {}): ErrorScenario => ({ type: 'error', status: 529, errorType: 'overloaded_error', message: 'Overloaded', ...extra }),
  serverError: (extra: Partial<ErrorScenario> = {}): ErrorScenario => ({ type: 'error', status: 500, errorType: 'api_error', message: 'Internal server error', ...extra }),
  /**
   * The organisation's spend limit: by default as the API reports it (`rate_limit_error` with
   * `details.error_code`); `asType` puts the code in `error.type` instead. Carries `retry-after: 0`
   * so a client that wrongly retried would do so at once.
   */
  spendLimit: (shape: 'details' | 'asType' = 'details'): ErrorScenario => ({
    type: 'error',
    status: 429,
    errorType: shape === 'asType' ? 'enforced_spend_limit_reached' : 'rate_limit_error',
    ...(shape === 'details' ? { errorCode: 'enforced_spend_limit_reached' } : {}),
    message: 'Your organization has reached its monthly spend limit.',
    retryAfter: 0,
  }),
  unauthorized: (): ErrorScenario => ({ type: 'error', status: 401, errorType: 'authentication_error', message: 'invalid x-api-key' }),
  badRequest: (message = 'invalid request'): ErrorScenario => ({ type: 'error', status: 400, errorType: 'invalid_request_error', message }),
};
