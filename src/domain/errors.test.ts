import { describe, expect, it } from 'vitest';
import {
  ConfigError, IllegalTransitionError, InvalidInputError, MissingApiKeyError, ModelOutputError, ModelSpendLimitError, ModelUnavailableError, NotFoundError,
  RequestTooLargeError, SkafuError, StoreUnavailableError, UnknownModelPriceError, UsageLimitExceededError,
} from './errors.js';

const breach = { limit: 'perUser.requestsPerDay.project_analysis', scope: 'user' as const, value: 100, current: 100, unit: 'requests' as const };

describe('typed errors map to the exit codes and HTTP statuses of INTERFACE.md', () => {
  it.each([
    { error: new InvalidInputError('bad'), exit: 2, http: 400, code: 'invalid_input' },
    { error: new RequestTooLargeError('big'), exit: 2, http: 413, code: 'request_too_large' },
    { error: new ConfigError('bad config'), exit: 2, http: 500, code: 'invalid_config' },
    { error: new NotFoundError('none'), exit: 2, http: 404, code: 'not_found' },
    { error: new IllegalTransitionError('analysis', 'a', 'completed', 'queued'), exit: 1, http: 409, code: 'illegal_transition' },
    { error: new UsageLimitExceededError(breach, 'limit', 60), exit: 3, http: 429, code: 'usage_limit_exceeded' },
    { error: new ModelUnavailableError('down'), exit: 4, http: 503, code: 'model_unavailable' },
    { error: new ModelSpendLimitError('spend limit'), exit: 4, http: 503, code: 'model_unavailable' },
    { error: new StoreUnavailableError('down'), exit: 4, http: 503, code: 'store_unavailable' },
    { error: new MissingApiKeyError(), exit: 4, http: 503, code: 'missing_api_key' },
    { error: new ModelOutputError('bad output'), exit: 1, http: 502, code: 'model_output_invalid' },
    { error: new UnknownModelPriceError('x'), exit: 2, http: 500, code: 'unknown_model_price' },
  ])('$code: exit $exit, HTTP $http', ({ error, exit, http, code }) => {
    expect(error).toBeInstanceOf(SkafuError);
    expect(error).toBeInstanceOf(Error);
    expect(error.exitCode).toBe(exit);
    expect(error.httpStatus).toBe(http);
    expect(error.code).toBe(code);
  });

  it('tells the user how to provide a key or simulate when none is set', () => {
    const message = new MissingApiKeyError().message;
    expect(message).toContain('ANTHROPIC_API_KEY');
    expect(message).toContain('--simulate');
  });

  it('names the unpriced model and where to add its price', () => {
    const error = new UnknownModelPriceError('claude-future-9');
    expect(error.model).toBe('claude-future-9');
    expect(error.message).toContain('"claude-future-9"');
    expect(error.message).toContain('prices');
  });

  it('carries the breached limit and the retry delay', () => {
    const error = new UsageLimitExceededError(breach, 'Daily limit reached', 3600);
    expect(error.breach).toEqual(breach);
    expect(error.retryAfterSeconds).toBe(3600);
  });

  it('keeps the fields named by an input error', () => {
    expect(new InvalidInputError('bad', ['analysisType']).fields).toEqual(['analysisType']);
    expect(new RequestTooLargeError('big')).toBeInstanceOf(InvalidInputError);
  });
});
