import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidInputError, ModelUnavailableError } from '../../domain/errors.js';
import { messageBody, requestsOf, sendJson, sendText, useStandInModel } from './test-support/stand-in.js';

const schema = z.object({ answer: z.string() });

const request = requestsOf(schema);

const stand = useStandInModel({ maxRetries: 0 });

async function message(stream = false): Promise<string> {
  const error = await stand.model.invoke(request({ stream })).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ModelUnavailableError);
  return (error as Error).message;
}

describe('an error answer that is not the API\'s error JSON', () => {
  it.each([false, true])('says what came: an HTML page of a proxy, plain text, other JSON, nothing (stream: %s)', async (stream) => {
    stand.standIn.answer((_body, res) => sendText(res, 502, 'text/html', '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>'));
    expect(await message(stream)).toBe('Claude API answered 502 with an HTML page ("502 Bad Gateway") for claude-sonnet-5-5. Server error after the SDK\'s retries; try again later.');
    stand.standIn.answer((_body, res) => sendText(res, 503, 'text/plain', 'upstream connect error or disconnect/reset before headers\n'));
    expect(await message(stream)).toBe('Claude API answered 503 with a text/plain body ("upstream connect error or disconnect/reset before headers") for claude-sonnet-5-5. Server error after the SDK\'s retries; try again later.');
    stand.standIn.answer((_body, res) => sendJson(res, 400, { message: 'model is required', code: 400 }));
    expect(await message(stream)).toBe('Claude API answered 400 error (model is required) for claude-sonnet-5-5, request id req_standin. The request was rejected as invalid.');
    stand.standIn.answer((_body, res) => sendText(res, 500, null, ''));
    expect(await message(stream)).toBe('Claude API answered 500 with an empty body for claude-sonnet-5-5. Server error after the SDK\'s retries; try again later.');
  });

  it('points at ANTHROPIC_BASE_URL for a 404 that is not the API\'s, and at the model ids for the API\'s not_found_error', async () => {
    stand.standIn.answer((_body, res) => sendText(res, 404, 'text/html', '<!DOCTYPE html><html><body><pre>Cannot POST /v1/v1/messages</pre></body></html>'));
    expect(await message()).toBe('Claude API answered 404 with an HTML page ("Cannot POST /v1/v1/messages") for claude-sonnet-5-5. Not the API\'s answer for an unknown model: check ANTHROPIC_BASE_URL (the SDK adds /v1/messages to it), then the model ids under `models` in the config file.');
    stand.standIn.answer((_body, res) => sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'model: claude-nope' } }));
    expect(await message()).toMatch(/^Claude API answered 404 not_found_error for claude-sonnet-5-5, request id req_standin\. The model or endpoint does not exist; check the model ids/);
  });

  it('keeps a 413 page of a proxy bad input, without empty parentheses', async () => {
    stand.standIn.answer((_body, res) => sendText(res, 413, 'text/html', '<html><head><title>413 Request Entity Too Large</title></head></html>'));
    const error = await stand.model.invoke(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toBe('The input is too long for claude-sonnet-5-5: Claude API answered 413 with an HTML page ("413 Request Entity Too Large"). Shorten the input or split it into parts.');
  });
});

describe('a connection that breaks while the answer is read', () => {
  it('names the host and says the answer broke off, not that Claude could not be reached', async () => {
    stand.standIn.answer((_body, res) => {
      const body = JSON.stringify(messageBody([{ type: 'text', text: '{"answer":"never complete"}' }]));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.write(body.slice(0, 40));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const text = await message();
    expect(text).toBe(`The connection to Claude's API at ${new URL(stand.standIn.url).host} broke off while Claude's answer for claude-sonnet-5-5 was being read (connection closed). Try again later.`);
  });
});
