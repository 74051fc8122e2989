import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ModelUnavailableError } from '../../domain/errors.js';
import type { ModelRequest } from '../../ports/model.js';
import { messageBody, requestsOf, sendEvents, sendJson, sendText, sseText, textEvents, useStandInModel } from './test-support/stand-in.js';

const schema = z.object({ answer: z.string(), score: z.number() });
const answer = JSON.stringify({ answer: 'ok', score: 3 });

const request = requestsOf(schema);

const stand = useStandInModel({ maxRetries: 1 });

async function failure(overrides: Partial<ModelRequest<typeof schema>> = {}): Promise<Error> {
  const error = await stand.model.invoke(request(overrides)).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ModelUnavailableError);
  return error as Error;
}

describe('a 200 answer that is not a message', () => {
  it('is a ModelUnavailableError saying what came instead: an HTML page', async () => {
    stand.standIn.answer((_body, res) => sendText(res, 200, 'text/html; charset=utf-8', '<!DOCTYPE html><html><head><title>Sign in – Gateway</title></head><body><h1>Sign in</h1></body></html>'));
    const { message } = await failure();
    expect(message).toContain(`Claude's API at ${new URL(stand.standIn.url).host} answered 200 with an HTML page ("Sign in – Gateway") instead of a Messages API answer for claude-sonnet-5-5`);
    expect(message).toContain('ANTHROPIC_BASE_URL');
    expect(stand.standIn.received).toHaveLength(1);
  });

  it('JSON of another shape, an error object sent with status 200, invalid JSON, an empty body', async () => {
    stand.standIn.answer((_body, res) => sendJson(res, 200, { hello: 'world', id: 1 }));
    expect((await failure()).message).toContain('answered 200 with JSON without a content array (keys: hello, id)');
    stand.standIn.answer((_body, res) => sendJson(res, 200, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    expect((await failure()).message).toContain('answered 200 with an error instead of a message for claude-sonnet-5-5 (overloaded_error: Overloaded)');
    stand.standIn.answer((_body, res) => sendText(res, 200, 'application/json', '{"id": "msg_1", "content": [ trunc'));
    expect((await failure()).message).toMatch(/answered with a body that is not valid JSON for claude-sonnet-5-5 \(.+\)\. Check ANTHROPIC_BASE_URL/);
    stand.standIn.answer((_body, res) => sendText(res, 200, 'text/plain', 'Service ready\n'));
    expect((await failure()).message).toContain('answered 200 with a text/plain body ("Service ready") instead of a Messages API answer');
    stand.standIn.answer((_body, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' }); res.end(); });
    expect((await failure()).message).toContain('answered 200 with an empty body instead of a Messages API answer');
    expect(stand.standIn.received).toHaveLength(1);
  });
});

describe('a message with fields missing or of another kind', () => {
  it('reads JSON sent with a text content type, and a byte-order mark before it', async () => {
    stand.standIn.answer((_body, res) => sendText(res, 200, 'text/plain; charset=utf-8', `\uFEFF${JSON.stringify(messageBody([{ type: 'text', text: answer }]))}\n`));
    const response = await stand.model.invoke(request());
    expect(response.parsed).toEqual({ answer: 'ok', score: 3 });
    expect(response.usage).toMatchObject({ input: 100, output: 50 });
  });

  it('takes the requested model when the answer names none, and counts missing or null usage counts as 0', async () => {
    stand.standIn.answer((_body, res) => sendJson(res, 200, messageBody([{ type: 'text', text: answer }], { model: undefined, usage: undefined, stop_reason: undefined })));
    const bare = await stand.model.invoke(request());
    expect(bare.parsed).toEqual({ answer: 'ok', score: 3 });
    expect(bare.model).toBe('claude-sonnet-5-5');
    expect(bare.usage).toMatchObject({ cacheCreation: 0, cacheRead: 0 });
    expect(bare.stopReason).toBe('unknown');
    stand.standIn.answer((_body, res) => sendJson(res, 200, messageBody([{ type: 'text', text: answer }, null, 'stray', { type: 'text', text: null }], {
      model: '',
      usage: { input_tokens: 10, output_tokens: 20, cache_creation_input_tokens: null, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 }, extra: { nested: true } },
      unknown_field: [1, 2],
    })));
    const odd = await stand.model.invoke(request());
    expect(odd.parsed).toEqual({ answer: 'ok', score: 3 });
    expect(odd.model).toBe('claude-sonnet-5-5');
    expect(odd.usage).toEqual({ input: 10, output: 20, cacheCreation: 0, cacheRead: 0, cacheCreation5m: 0, cacheCreation1h: 0 });
  });

  it('takes the requested model when a streamed answer names none', async () => {
    const events = textEvents(answer);
    const start = events[0]?.[1] as { message: Record<string, unknown> };
    delete start.message.model;
    stand.standIn.answer((_body, res) => sendEvents(res, sseText(events)));
    const response = await stand.model.invoke(request({ stream: true }));
    expect(response.parsed).toEqual({ answer: 'ok', score: 3 });
    expect(response.model).toBe('claude-sonnet-5-5');
  });
});
