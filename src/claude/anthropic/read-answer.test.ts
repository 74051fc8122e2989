import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { messageBody, requestsOf, sendEvents, sendJson, useStandInModel } from './test-support/stand-in.js';

const schema = z.object({ answer: z.string(), score: z.number().int().min(0).max(10) });
const value = { answer: 'fine', score: 4 };
const json = JSON.stringify(value);

const request = requestsOf(schema);

const stand = useStandInModel({ maxRetries: 0 });

async function answerWith(content: unknown[], overrides: Record<string, unknown> = {}, stream = false) {
  stand.standIn.answer((_body, res) => sendJson(res, 200, messageBody(content, overrides)));
  return stand.model.invoke(request({ stream }));
}

describe('reading the structured output of an answer', () => {
  it('reads JSON after a byte-order mark, with whitespace around it, split over text blocks, after a thinking block', async () => {
    expect((await answerWith([{ type: 'text', text: `\uFEFF${json}` }])).parsed).toEqual(value);
    expect((await answerWith([{ type: 'text', text: `\n\n  ${json}  \n` }])).parsed).toEqual(value);
    expect((await answerWith([{ type: 'text', text: json.slice(0, 9) }, { type: 'text', text: json.slice(9) }])).parsed).toEqual(value);
    expect((await answerWith([{ type: 'thinking', thinking: 'Let me see.', signature: 'sig' }, { type: 'redacted_thinking', data: 'x' }, { type: 'text', text: json }])).parsed).toEqual(value);
  });

  it('reads numbers written as strings and enum values in another case', async () => {
    const enumSchema = z.object({ answer: z.string(), score: z.number().int().min(0).max(10), level: z.enum(['high', 'low']) });
    stand.standIn.answer((_body, res) => sendJson(res, 200, messageBody([{ type: 'text', text: '{"answer":"fine","score":"4","level":"HIGH"}' }])));
    const response = await stand.model.invoke({ ...request(), schema: enumSchema });
    expect(response.parsed).toEqual({ answer: 'fine', score: 4, level: 'high' });
  });

  it('unwraps JSON encoded once more as a JSON string', async () => {
    const response = await answerWith([{ type: 'text', text: JSON.stringify(json) }]);
    expect(response.parsed).toEqual(value);
    expect(response.parseError).toBeNull();
  });

  it('reads the input of a tool_use block when there is no JSON text (a server answering through a tool call)', async () => {
    const only = await answerWith([{ type: 'tool_use', id: 'toolu_1', name: 'structured_output', input: value }], { stop_reason: 'tool_use' });
    expect(only.parsed).toEqual(value);
    expect(only.rawText).toBe(json);
    expect(only.stopReason).toBe('tool_use');
    const withProse = await answerWith([{ type: 'text', text: 'I will answer with the tool.' }, { type: 'tool_use', id: 'toolu_1', name: 'json', input: value }], { stop_reason: 'tool_use' });
    expect(withProse.parsed).toEqual(value);
    const streamed = await answerWith([{ type: 'tool_use', id: 'toolu_1', name: 'json', input: value }], { stop_reason: 'tool_use' }, true);
    expect(streamed.parsed).toEqual(value);
  });

  it('reports what is wrong with a tool input that breaks the schema, and sends it back for repair', async () => {
    const response = await answerWith([{ type: 'text', text: 'Here you go.' }, { type: 'tool_use', id: 'toolu_1', name: 'json', input: { answer: 'x', score: 'many' } }]);
    expect(response.parsed).toBeNull();
    expect(response.parseError).toMatch(/^the answer does not match the schema: score: /);
    expect(response.rawText).toBe('{"answer":"x","score":"many"}');
  });

  it('prefers schema-valid text to a tool input, and still refuses prose around JSON', async () => {
    expect((await answerWith([{ type: 'text', text: json }, { type: 'tool_use', id: 't', name: 'json', input: { other: true } }])).parsed).toEqual(value);
    const prose = await answerWith([{ type: 'text', text: `Here is the result:\n\`\`\`json\n${json}\n\`\`\`` }]);
    expect(prose.parsed).toBeNull();
    expect(prose.parseError).toMatch(/^the answer is not JSON/);
    expect((await answerWith([{ type: 'text', text: '  \n' }])).parseError).toBe('the answer contained no text');
  });

  it('reads a tool input streamed as input_json_delta events', async () => {
    const events = [
      ['message_start', { type: 'message_start', message: messageBody([], { stop_reason: null }) }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'json', input: {} } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: json.slice(0, 7) } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: json.slice(7) } }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 12 } }],
      ['message_stop', { type: 'message_stop' }],
    ];
    stand.standIn.answer((_body, res) => sendEvents(res, events.map(([name, data]) => `event: ${String(name)}\ndata: ${JSON.stringify(data)}\n\n`).join('')));
    const response = await stand.model.invoke(request({ stream: true }));
    expect(response.parsed).toEqual(value);
    expect(response.usage.output).toBe(12);
  });
});
