import { AnthropicError, APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { InvalidInputError, ModelSpendLimitError, ModelUnavailableError, SkafuError } from '../../domain/errors.js';
import { describeBody, hostOf as apiAt, mediaTypeOf } from './answer-shape.js';
import { askedRetryWaitMs, maxRetryWaitMs } from './retry-wait-middleware.js';
import { spendLimitReachedCode } from './spend-limit-middleware.js';

/** Our own typed error when one travelled through the SDK (e.g. thrown by the key function). */
export function carriedSkafuError(error: unknown): SkafuError | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof SkafuError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export function isAuthenticationFailure(error: unknown): boolean {
  return error instanceof APIError && error.status === 401;
}

/**
 * The SDK's error as a ModelUnavailableError whose message names the status, the error type and
 * what to do, and never any part of the prompt.
 */
export function toModelUnavailable(error: unknown, context: { model: string; timeoutMs: number; attempts: number }): SkafuError {
  const carried = carriedSkafuError(error);
  if (carried) return carried;
  if (error instanceof APIConnectionTimeoutError) {
    return new ModelUnavailableError(`Claude (${context.model}) did not answer within ${context.timeoutMs} ms per attempt (${context.attempts} attempts). Try again later or raise \`timeoutSeconds\` in the config file.`);
  }
  if (error instanceof APIUserAbortError) {
    return new ModelUnavailableError(`The call to Claude (${context.model}) was cancelled before it finished.`);
  }
  const unreachable = connectionFailure(error, { model: context.model });
  if (unreachable) return unreachable;
  if (error instanceof APIError && error.status !== undefined) {
    const kind = kindOf(error);
    const request = error.requestID ? `, request id ${error.requestID}` : '';
    if (isInputTooLong(error, error.status)) {
      const detail = error.apiMessage ? ` (${firstLine(error.apiMessage).slice(0, 200)})` : '';
      return new InvalidInputError(`The input is too long for ${context.model}: Claude API answered ${error.status} ${kind}${request}${detail}. Shorten the input or split it into parts.`, ['input']);
    }
    const message = `Claude API answered ${error.status} ${kind} for ${context.model}${request}. ${adviceFor(error, error.status, context.timeoutMs)}`;
    return isSpendLimit(error, error.status) ? new ModelSpendLimitError(message) : new ModelUnavailableError(message);
  }
  if (error instanceof APIError) {
    return new ModelUnavailableError(`Claude's answer stream for ${context.model} failed (${error.type ?? 'stream error'}). Try again later.`);
  }
  if (error instanceof AnthropicError) {
    return new ModelUnavailableError(`Could not reach Claude (${context.model}): ${firstLine(error.message)}. Check the network and ANTHROPIC_BASE_URL.`);
  }
  return new ModelUnavailableError(`Could not reach Claude (${context.model}): ${error instanceof Error ? firstLine(error.message) : 'unknown error'}.`);
}

/**
 * A connection that never delivered an answer (refused, unknown host, reset, TLS rejected) as an
 * error naming the API's host and what to check; null for anything else, timeouts included. The SDK
 * raises these as an `APIError` without a status, the same class as an `error` event of a stream, so
 * they must be told apart before the status-less APIError is read as a broken stream. Only the host
 * of `baseURL` is shown (never a path or credentials in it).
 */
export function connectionFailure(error: unknown, target: { model: string; baseURL?: string }): SkafuError | null {
  if (!(error instanceof APIConnectionError) || error instanceof APIConnectionTimeoutError) return null;
  const host = target.baseURL ? hostOf(target.baseURL) : null;
  const where = host ? `Claude's API at ${host}` : 'Claude\'s API';
  const reason = connectionReason(error);
  return new ModelUnavailableError(
    `Could not reach ${where} (${reason}) to call ${target.model}. Check the network connection, and ANTHROPIC_BASE_URL: unset it to use https://api.anthropic.com, or point it at a reachable proxy.`,
    { cause: error },
  );
}

/**
 * A connection that broke while the answer was being read (after its headers: the SDK neither wraps
 * nor retries that) as an error naming the host; null for any other error.
 */
export function brokenOff(error: unknown, target: { model: string; baseURL?: string }): SkafuError | null {
  if (error instanceof AnthropicError || error instanceof SkafuError || !(error instanceof Error) || codeOf(error) === null) return null;
  return new ModelUnavailableError(`The connection to ${apiAt(target.baseURL)} broke off while Claude's answer for ${target.model} was being read (${connectionReason(error, true)}). Try again later.`, { cause: error });
}

/** Node's or undici's error code along the cause chain (ECONNRESET, UND_ERR_SOCKET), or null. */
export function codeOf(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    // Node's (ECONNRESET) and undici's (UND_ERR_SOCKET) error codes.
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** Node's error code found along the cause chain, in words (the code itself when not a common one). */
function connectionReason(error: Error, fromItself = false): string {
  let current: unknown = fromItself ? error : error.cause;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return CONNECTION_CODES[code] ?? (/CERT|TLS|SSL/.test(code) ? `TLS certificate rejected: ${code}` : code);
    current = (current as { cause?: unknown }).cause;
  }
  return 'connection failed';
}

const CONNECTION_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
};

function hostOf(baseURL: string): string | null {
  try {
    return new URL(baseURL).host || null;
  } catch {
    return null;
  }
}

/** A request refused because the prompt does not fit the model's context window: the input's fault, not the API's. */
function isInputTooLong(error: APIError, status: number): boolean {
  if (status === 413) return true;
  return status === 400 && /prompt is too long|too many (input )?tokens|exceeds? (the )?(model's )?(maximum )?context/i.test(error.apiMessage ?? '');
}

function isSpendLimit(error: APIError, status: number): boolean {
  return status === 429 && spendLimitReachedCode(error.error) !== null;
}

function adviceFor(error: APIError, status: number, timeoutMs: number): string {
  if (isSpendLimit(error, status)) {
    return 'The organisation has reached its Anthropic spend limit; this is not retried. Raise the limit in the Anthropic Console or wait for the next billing period.';
  }
  const asked = askedRetryWaitMs(error.headers);
  if (asked !== null && asked > maxRetryWaitMs(timeoutMs)) {
    return `It asked to wait ${waitText(asked)} before trying again, longer than a call waits (${waitText(maxRetryWaitMs(timeoutMs))}), so it was not retried; try again later.`;
  }
  if (status === 429) return 'Rate limited after the SDK\'s retries; try again later or lower the request rate.';
  if (status === 529) return 'The API is overloaded (after the SDK\'s retries); try again later.';
  if (status === 401) return 'The API key was rejected even after re-reading it; check ANTHROPIC_API_KEY (or the Secrets Manager secret).';
  if (status === 403) return 'The API key may not use this model or feature; check its permissions in the Anthropic Console.';
  if (status === 404 && error.type === null) {
    return 'Not the API\'s answer for an unknown model: check ANTHROPIC_BASE_URL (the SDK adds /v1/messages to it), then the model ids under `models` in the config file.';
  }
  if (status === 404) return 'The model or endpoint does not exist; check the model ids under `models` in the config file.';
  if (status === 400 || status === 413) return `The request was rejected as invalid${error.apiMessage ? ` (${firstLine(error.apiMessage).slice(0, 200)})` : ''}.`;
  if (status >= 500) return 'Server error after the SDK\'s retries; try again later.';
  return 'Try again later.';
}

/**
 * The error type of an error answer (`rate_limit_error`, `invalid_request_error/…`), or, for a body
 * that is not the API's error JSON (an HTML page of a proxy, plain text, other JSON), what it is.
 */
function kindOf(error: APIError): string {
  const typed = [error.type, error.errorCode].filter((part): part is string => typeof part === 'string').join('/');
  if (typed) return typed;
  const body: unknown = error.error;
  if (body === undefined || body === null) {
    const text = error.message.replace(/^\d{3} /, '');
    if (text === 'status code (no body)' || text.trim() === '') return 'with an empty body';
    return `with ${describeBody(text, mediaTypeOf(error.headers?.get('content-type')))}`;
  }
  const { message } = body as { message?: unknown };
  if (typeof message === 'string' && message.trim() !== '') return `error (${firstLine(message).slice(0, 120)})`;
  return `with ${describeBody(body)}`;
}

/** 90 s, 2 min, 1 h 5 min. */
function waitText(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

function firstLine(text: string): string {
  return (text.split('\n', 1)[0] ?? '').slice(0, 300);
}
