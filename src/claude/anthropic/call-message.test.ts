import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ModelUnavailableError } from '../../domain/errors.js';
import { messageBody, requestsOf, sendJson, useStandInModel } from './test-support/stand-in.js';

const schema = z.object({ answer: z.string() });

const request = requestsOf(schema);

const stand = useStandInModel({ maxRetries: 0 });

describe('a server that wants the key as x-api-key', () => {
  it('gets it so on the first attempt (as well as the bearer token), and answers', async () => {
    stand.standIn.answer((_body, res, _attempt, req) => (req.headers['x-api-key'] === 'sk-test'
      ? sendJson(res, 200, messageBody([{ type: 'text', text: '{"answer":"let in"}' }]))
      : sendJson(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } })));
    const response = await stand.model.invoke(request());
    expect(response.parsed).toEqual({ answer: 'let in' });
    expect(stand.standIn.headers.map((h) => [h.authorization, h['x-api-key']])).toEqual([['Bearer sk-test', 'sk-test']]);
  });
});

describe('a whole-message answer whose body stops after the headers', () => {
  it('is given up after the attempt timeout, not after undici\'s 5 minutes', async () => {
    stand.standIn.answer((_body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(JSON.stringify(messageBody([{ type: 'text', text: '{"answer":"never complete"}' }])).slice(0, 40));
    });
    const started = Date.now();
    const error = await stand.model.invoke(request({ timeoutMs: 300 })).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toBe('Claude (claude-sonnet-5-5) started its answer but then sent nothing for 300 ms. Try again later or raise `timeoutSeconds` in the config file.');
  });

  it('still reads an answer that is slow to start but then arrives whole', async () => {
    stand.standIn.answer((_body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const body = JSON.stringify(messageBody([{ type: 'text', text: '{"answer":"in parts"}' }]));
      res.write(body.slice(0, 30));
      setTimeout(() => res.end(body.slice(30)), 150);
    });
    expect((await stand.model.invoke(request({ timeoutMs: 400 }))).parsed).toEqual({ answer: 'in parts' });
  });
});

describe('a streamed request answered with one JSON message whose body stops', () => {
  it('is given up as a timed-out attempt after twice the attempt timeout (the idle timer starts with the events)', async () => {
    stand.standIn.answer((_body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(JSON.stringify(messageBody([{ type: 'text', text: '{"answer":"never complete"}' }])).slice(0, 40));
    });
    const started = Date.now();
    const error = await stand.model.invoke(request({ timeoutMs: 300, stream: true })).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toMatch(/^Claude \(claude-sonnet-5-5\) did not answer within 300 ms per attempt/);
  });
});
