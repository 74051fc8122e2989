import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ModelUnavailableError } from '../../domain/errors.js';
import { askedRetryWaitMs } from './retry-wait-middleware.js';
import { messageBody, requestsOf, sendJson, useStandInModel } from './test-support/stand-in.js';

const schema = z.object({ answer: z.string() });

const request = requestsOf(schema);

const rateLimited = { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limited' } };
const overloaded = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };

const stand = useStandInModel({ maxRetries: 2 });

describe('a retry-after longer than a call waits', () => {
  it.each([false, true])('fails at once, naming the wait, instead of sleeping an hour (stream: %s)', async (stream) => {
    stand.standIn.answer((_body, res) => sendJson(res, 429, rateLimited, { 'retry-after': '3600' }));
    const started = Date.now();
    const error = await stand.model.invoke(request({ stream })).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toBe('Claude API answered 429 rate_limit_error for claude-sonnet-5-5, request id req_standin. It asked to wait 60 min before trying again, longer than a call waits (5 s), so it was not retried; try again later.');
    expect(stand.standIn.received).toHaveLength(1);
  });

  it('reads retry-after as a date and retry-after-ms too', async () => {
    stand.standIn.answer((_body, res) => sendJson(res, 529, overloaded, { 'retry-after': new Date(Date.now() + 2 * 3_600_000).toUTCString() }));
    const error = await stand.model.invoke(request()).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^Claude API answered 529 overloaded_error .*\. It asked to wait 2 h before trying again/);
    expect(stand.standIn.received).toHaveLength(1);
    stand.standIn.answer((_body, res) => sendJson(res, 503, overloaded, { 'retry-after-ms': '90000' }));
    expect(((await stand.model.invoke(request({ timeoutMs: 120_000 })).catch((e: unknown) => e)) as Error).message).toContain('It asked to wait 90 s before trying again, longer than a call waits (60 s)');
    expect(stand.standIn.received).toHaveLength(1);
  });

  it('still waits for a retry-after within the attempt timeout, then answers', async () => {
    stand.standIn.answer((_body, res, attempt) => (attempt === 1 ? sendJson(res, 429, rateLimited, { 'retry-after': '1' }) : sendJson(res, 200, messageBody([{ type: 'text', text: '{"answer":"later"}' }]))));
    const started = Date.now();
    expect((await stand.model.invoke(request())).parsed).toEqual({ answer: 'later' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(stand.standIn.received).toHaveLength(2);
  });

  it('does not wait longer than one attempt may take', async () => {
    stand.standIn.answer((_body, res) => sendJson(res, 429, rateLimited, { 'retry-after': '3' }));
    const started = Date.now();
    const error = await stand.model.invoke(request({ timeoutMs: 1_000 })).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect((error as Error).message).toContain('It asked to wait 3 s before trying again, longer than a call waits (1 s)');
    expect(stand.standIn.received).toHaveLength(1);
  });
});

describe('askedRetryWaitMs', () => {
  it('prefers retry-after-ms, reads seconds and dates, and ignores what it cannot read', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(askedRetryWaitMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(askedRetryWaitMs(new Headers({ 'retry-after': '1.5' }), now)).toBe(1500);
    expect(askedRetryWaitMs(new Headers({ 'retry-after': 'Tue, 01 Jan 2030 00:02:00 GMT' }), now)).toBe(120_000);
    expect(askedRetryWaitMs(new Headers({ 'retry-after': 'soon' }), now)).toBeNull();
    expect(askedRetryWaitMs(new Headers({ 'retry-after': '-4' }), now)).toBeNull();
    expect(askedRetryWaitMs(new Headers(), now)).toBeNull();
    expect(askedRetryWaitMs(null, now)).toBeNull();
  });
});
