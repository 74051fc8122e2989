import { describe, expect, it } from 'vitest';
import { InvalidInputError, ModelSpendLimitError, ModelUnavailableError, NotFoundError, RequestTooLargeError, UnknownModelPriceError, UsageLimitExceededError } from '../../domain/errors.js';
import { RateLimitedError } from './http-errors.js';
import { toErrorResponse } from './error-response.js';

describe('toErrorResponse', () => {
  it('answers a quota refusal 429 naming the limit, with Retry-After rounded up to whole seconds', () => {
    const error = new UsageLimitExceededError({ limit: 'perUser.requestsPerDay.project_analysis', scope: 'user', value: 25, current: 25, unit: 'requests' }, 'daily limit reached', 12.2);
    const answer = toErrorResponse(error, 'req-1');
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('13');
    expect(answer.body.error).toEqual({ code: 'usage_limit_exceeded', message: 'daily limit reached', limit: 'perUser.requestsPerDay.project_analysis' });
  });

  it('answers the per-key rate limit 429 with at least one second of Retry-After', () => {
    const answer = toErrorResponse(new RateLimitedError('http.requestsPerMinutePerKey', 0.01, 'slow down'), 'r');
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('1');
    expect(answer.body.error.limit).toBe('http.requestsPerMinutePerKey');
  });

  it('lists the fields of an invalid input', () => {
    const answer = toErrorResponse(new InvalidInputError('bad', ['input', 'projectId']), 'r');
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual(['input', 'projectId']);
  });

  it('keeps the status of typed errors: 404, 413, 503', () => {
    expect(toErrorResponse(new NotFoundError('no such analysis'), 'r').status).toBe(404);
    expect(toErrorResponse(new RequestTooLargeError('too big', ['input']), 'r').status).toBe(413);
    const unavailable = toErrorResponse(new ModelUnavailableError('connect ECONNREFUSED 10.0.0.7:443'), 'r');
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.error.code).toBe('model_unavailable');
    expect(unavailable.body.error.message).not.toContain('10.0.0.7');
  });

  it('answers a reached Anthropic spend limit 503 saying retrying will not help, without Retry-After or upstream details', () => {
    const error = new ModelSpendLimitError('Claude API answered 429 rate_limit_error/enforced_spend_limit_reached for claude-sonnet-5-5, request id req_up_1. The organisation has reached its Anthropic spend limit.');
    const answer = toErrorResponse(error, 'req-7');
    expect(answer.status).toBe(503);
    expect(answer.headers).toEqual({});
    expect(answer.body.error).toEqual({ code: 'model_unavailable', message: expect.stringContaining('spend limit') as string, requestId: 'req-7' });
    expect(answer.body.error.message).toContain('Retrying will not help');
    expect(answer.body.error.message).toContain('(request id req-7)');
    expect(answer.body.error.message).not.toMatch(/req_up_1|retry later/);
  });

  it('hides everything of an unexpected error but the request id', () => {
    const error = new Error('ENOENT: no such file /home/app/secret/path.db');
    const answer = toErrorResponse(error, 'req-42');
    expect(answer.status).toBe(500);
    expect(answer.internal).toBe(true);
    expect(JSON.stringify(answer.body)).not.toContain('/home');
    expect(answer.body.error).toEqual({ code: 'internal_error', message: 'internal error (request id req-42)', requestId: 'req-42' });
    expect(toErrorResponse(new UnknownModelPriceError('m'), 'r').body.error.code).toBe('internal_error');
  });

  it('maps Fastify body errors without echoing the body', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    expect(toErrorResponse(tooLarge, 'r')).toMatchObject({ status: 413, body: { error: { code: 'request_too_large' } } });
    const badJson = Object.assign(new Error('Unexpected token s in "secret"'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 });
    const answer = toErrorResponse(badJson, 'r');
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).not.toContain('secret');
  });

  it('answers the router\'s over-long path segment 404 not_found rather than Fastify\'s 414', () => {
    const tooLong = Object.assign(new URIError(`'/v1/analyses/${'a'.repeat(3000)}' is exceeding the max param length`), { code: 'FST_ERR_MAX_PARAM_LENGTH', statusCode: 414 });
    const answer = toErrorResponse(tooLong, 'r');
    expect(answer).toMatchObject({ status: 404, body: { error: { code: 'not_found' } }, internal: false });
    expect(answer.body.error.message).not.toContain('aaaa');
  });
});
