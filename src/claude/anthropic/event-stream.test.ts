import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ModelUnavailableError } from '../../domain/errors.js';
import { messageBody, requestsOf, sendEvents, sendJson, sendText, sseText, textEvents, useStandInModel } from './test-support/stand-in.js';

const schema = z.object({ answer: z.string(), score: z.number() });
const value = { answer: 'streamed', score: 7 };
const answer = JSON.stringify(value);

const request = requestsOf(schema, { operation: 'code_generation', stream: true });

const stand = useStandInModel({ maxRetries: 1 });

/** The events of `textEvents` with some changed: `edit` gets each event's data and may return null to drop it. */
function edited(edit: (data: Record<string, unknown>) => Record<string, unknown> | null): Array<[string, unknown]> {
  return textEvents(answer).flatMap(([name, data]) => {
    const changed = edit(structuredClone(data) as Record<string, unknown>);
    return changed === null ? [] : [[name, changed] as [string, unknown]];
  });
}

describe('a streamed request', () => {
  it('reads a whole JSON message sent instead of events (a server that does not stream), with progress', async () => {
    stand.standIn.answer((_body, res) => sendJson(res, 200, messageBody([{ type: 'thinking', thinking: 'hm', signature: 'sig' }, { type: 'text', text: answer }], { usage: { input_tokens: 100, output_tokens: 321, cache_read_input_tokens: 9 } })));
    const progress: number[] = [];
    const response = await stand.model.invoke(request({ onProgress: (p) => progress.push(p.outputTokens) }));
    expect(stand.standIn.received[0]?.stream).toBe(true);
    expect(response.parsed).toEqual(value);
    expect(response.stopReason).toBe('end_turn');
    expect(response.usage).toMatchObject({ input: 100, output: 321, cacheRead: 9 });
    expect(progress.at(-1)).toBe(321);
    expect(response.requestId).toBe('req_standin');
  });

  it('reads events without `event:` lines (the type only in the data) and with CRLF line endings', async () => {
    const events = textEvents(answer);
    stand.standIn.answer((_body, res) => sendEvents(res, sseText(events.map(([, data]) => [null, data]))));
    expect((await stand.model.invoke(request())).parsed).toEqual(value);
    stand.standIn.answer((_body, res) => sendEvents(res, sseText(events).replace(/\n/g, '\r\n')));
    expect((await stand.model.invoke(request())).parsed).toEqual(value);
  });

  it('reads a message_start without content or usage and a message_delta without usage', async () => {
    const events = edited((data) => {
      if (data.type === 'message_start') return { type: 'message_start', message: { id: 'msg_1', model: 'claude-sonnet-5-5' } };
      if (data.type === 'message_delta') return { type: 'message_delta', delta: { stop_reason: 'end_turn' } };
      return data;
    });
    stand.standIn.answer((_body, res) => sendEvents(res, sseText(events)));
    const response = await stand.model.invoke(request());
    expect(response.parsed).toEqual(value);
    expect(response.stopReason).toBe('end_turn');
    expect(response.usage.input).toBeGreaterThan(0); // none reported: estimated (estimate-usage.test.ts)
    const keepsStartTokens = edited((data) => (data.type === 'message_delta' ? { type: 'message_delta', delta: { stop_reason: 'end_turn' } } : data));
    stand.standIn.answer((_body, res) => sendEvents(res, sseText(keepsStartTokens)));
    expect((await stand.model.invoke(request())).usage).toMatchObject({ input: 100, output: 1 });
  });

  it('reads the deltas of content blocks that were never started', async () => {
    const thinking: Array<[string, unknown]> = [
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'First, the schema.' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ];
    const events = textEvents(answer)
      .filter(([name]) => name !== 'content_block_start')
      .map(([name, data]): [string, unknown] => [name, (data as { index?: number }).index === 0 ? { ...(data as object), index: 1 } : data]);
    stand.standIn.answer((_body, res) => sendEvents(res, sseText([events[0] as [string, unknown], ...thinking, ...events.slice(1)])));
    const response = await stand.model.invoke(request());
    expect(response.parsed).toEqual(value);
    stand.standIn.answer((_body, res) => sendEvents(res, sseText(textEvents(answer).filter(([name]) => name !== 'content_block_start').map(([, data]) => [null, data]))));
    expect((await stand.model.invoke(request())).parsed).toEqual(value);
  });

  it('takes a stream that ends after its message_delta without message_stop as whole; without the delta it broke off', async () => {
    stand.standIn.answer((_body, res) => sendEvents(res, sseText(edited((data) => (data.type === 'message_stop' ? null : data)))));
    const whole = await stand.model.invoke(request());
    expect(whole.parsed).toEqual(value);
    expect(whole.stopReason).toBe('end_turn');
    expect(whole.usage.output).toBe(50);
    stand.standIn.answer((_body, res) => sendEvents(res, sseText(edited((data) => (data.type === 'message_stop' || data.type === 'message_delta' ? null : data)))));
    const broken = await stand.model.invoke(request());
    expect(broken.stopReason).toBe('stream_interrupted');
    expect(broken.parsed).toBeNull();
  });

  it('fails at once, saying what came, when answered with an HTML page, an error object or an empty event stream', async () => {
    const host = new URL(stand.standIn.url).host;
    stand.standIn.answer((_body, res) => sendText(res, 200, 'text/html', '<html><head><title>Maintenance</title></head><body>Back soon</body></html>'));
    let error = await stand.model.invoke(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toBe(`Claude's API at ${host} answered 200 with an HTML page ("Maintenance") instead of a Messages API answer for claude-sonnet-5-5. Check ANTHROPIC_BASE_URL: it must point at a server of the Claude Messages API (POST /v1/messages).`);
    expect(stand.standIn.received).toHaveLength(1);
    stand.standIn.answer((_body, res) => sendJson(res, 200, { type: 'error', error: { type: 'api_error', message: 'Internal server error' } }));
    error = await stand.model.invoke(request()).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`Claude's API at ${host} answered 200 with an error instead of a message for claude-sonnet-5-5 (api_error: Internal server error). Try again later.`);
    stand.standIn.answer((_body, res) => sendText(res, 200, 'application/json', '{"content": [ cut'));
    error = await stand.model.invoke(request()).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^Claude's API at \S+ answered 200 with invalid JSON \("\{"content": \[ cut"\) instead of a Messages API answer/);
    stand.standIn.answer((_body, res) => sendEvents(res, ''));
    error = await stand.model.invoke(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toContain(`Claude's API at ${host} ended the answer stream for claude-sonnet-5-5 without sending a message`);
    expect((error as Error).message).not.toContain('Could not reach');
  });
});

describe('an error event before the message starts', () => {
  const overloaded: [string, unknown] = ['error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }];

  it('is tried again, as an HTTP 529 would be, since nothing was billed', async () => {
    stand.standIn.answer((_body, res, attempt) => sendEvents(res, sseText(attempt === 1 ? [overloaded] : textEvents(answer))));
    const response = await stand.model.invoke(request());
    expect(response.parsed).toEqual(value);
    expect(stand.standIn.received).toHaveLength(2);
  });

  it('fails with the error type once the retries are spent, and is not retried when it is not transient or came mid-answer', async () => {
    stand.standIn.answer((_body, res) => sendEvents(res, sseText([overloaded])));
    const error = await stand.model.invoke(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toMatch(/failed \(overloaded_error\)/);
    expect(stand.standIn.received).toHaveLength(2);
    stand.standIn.answer((_body, res) => sendEvents(res, sseText([['error', { type: 'error', error: { type: 'invalid_request_error', message: 'bad' } }]])));
    await expect(stand.model.invoke(request())).rejects.toBeInstanceOf(ModelUnavailableError);
    expect(stand.standIn.received).toHaveLength(1);
    stand.standIn.answer((_body, res) => sendEvents(res, sseText([...textEvents(answer).slice(0, 2), overloaded])));
    expect((await stand.model.invoke(request())).stopReason).toBe('stream_interrupted');
    expect(stand.standIn.received).toHaveLength(1);
  });
});

describe('a whole-message request', () => {
  it('reads an event stream sent instead of one message (a server that always streams)', async () => {
    stand.standIn.answer((_body, res) => sendEvents(res, sseText(textEvents(answer))));
    const response = await stand.model.invoke(request({ stream: false }));
    expect(stand.standIn.received[0]?.stream).not.toBe(true);
    expect(response.parsed).toEqual(value);
    expect(response.usage).toMatchObject({ input: 100, output: 50 });
    stand.standIn.answer((_body, res) => sendEvents(res, sseText(textEvents(answer)), 'text/plain'));
    expect((await stand.model.invoke(request({ stream: false }))).parsed).toEqual(value);
  });

  it('reports an error event in that stream as the API error', async () => {
    stand.standIn.answer((_body, res) => sendEvents(res, sseText([['error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]])));
    const error = await stand.model.invoke(request({ stream: false })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toMatch(/overloaded_error/);
  });
});
