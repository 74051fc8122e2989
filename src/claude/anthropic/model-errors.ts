import { AnthropicError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { ModelSpendLimitError, ModelUnavailableError, SkafuError } from '../../domain/errors.js';
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
  if (error instanceof APIError && error.status !== undefined) {
    const kind = [error.type, error.errorCode].filter((part): part is string => typeof part === 'string').join('/') || 'unknown error';
    const request = error.requestID ? `, request id ${error.requestID}` : '';
    const message = `Claude API answered ${error.status} ${kind} for ${context.model}${request}. ${adviceFor(error, error.status)}`;
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

function isSpendLimit(error: APIError, status: number): boolean {
  return status === 429 && spendLimitReachedCode(error.error) !== null;
}

function adviceFor(error: APIError, status: number): string {
  if (isSpendLimit(error, status)) {
    return 'The organisation has reached its Anthropic spend limit; this is not retried. Raise the limit in the Anthropic Console or wait for the next billing period.';
  }
  if (status === 429) return 'Rate limited after the SDK\'s retries; try again later or lower the request rate.';
  if (status === 529) return 'The API is overloaded (after the SDK\'s retries); try again later.';
  if (status === 401) return 'The API key was rejected even after re-reading it; check ANTHROPIC_API_KEY (or the Secrets Manager secret).';
  if (status === 403) return 'The API key may not use this model or feature; check its permissions in the Anthropic Console.';
  if (status === 404) return 'The model or endpoint does not exist; check the model ids under `models` in the config file.';
  if (status === 400 || status === 413) return `The request was rejected as invalid${error.apiMessage ? ` (${firstLine(error.apiMessage).slice(0, 200)})` : ''}.`;
  if (status >= 500) return 'Server error after the SDK\'s retries; try again later.';
  return 'Try again later.';
}

function firstLine(text: string): string {
  return (text.split('\n', 1)[0] ?? '').slice(0, 300);
}
