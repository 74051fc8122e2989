import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ModelRequest } from '../../ports/model.js';
import { createAnthropicModel, type AnthropicModel } from '../anthropic-model.js';
import { estimateInputTokens } from '../pricing/estimate-input-tokens.js';
import { messageBody, sendEvents, sendJson, sseText, startStandIn, textEvents, type StandIn } from './test-support/stand-in.js';

const schema = z.object({ answer: z.string() });
const answer = JSON.stringify({ answer: 'a reasonably long answer of a few dozen characters' });

function request(overrides: Partial<ModelRequest<typeof schema>> = {}): ModelRequest<typeof schema> {
  return { operation: 'project_analysis', model: 'claude-sonnet-5-5', system: 'S'.repeat(3_000), schema, userContent: 'U'.repeat(600), maxTokens: 512, timeoutMs: 5_000, stream: false, ...overrides };
}

let standIn: StandIn;
let model: AnthropicModel;
const warnings: string[] = [];

beforeAll(async () => {
  standIn = await startStandIn();
  model = createAnthropicModel({ secrets: { getAnthropicApiKey: () => Promise.resolve('sk-test') }, baseURL: standIn.url, maxRetries: 0, logger: { warn: (_obj, msg) => warnings.push(msg) } });
});
afterAll(async () => {
  await model.close();
  await standIn.close();
});

describe('an answer that reports no token usage', () => {
  it.each([
    ['without usage', undefined],
    ['with usage {}', {}],
    ['with null counts', { input_tokens: null, output_tokens: null, cache_read_input_tokens: null }],
  ])('is settled at a high estimate of the request and the answer, not at 0 tokens (%s)', async (_name, usage) => {
    warnings.length = 0;
    standIn.answer((_body, res) => sendJson(res, 200, messageBody([{ type: 'text', text: answer }], { usage })));
    const response = await model.invoke(request());
    expect(response.parsed).not.toBeNull();
    expect(response.usage.input).toBeGreaterThanOrEqual(estimateInputTokens('S'.repeat(3_000) + 'U'.repeat(600)));
    expect(response.usage.output).toBe(estimateInputTokens(answer));
    expect(response.usage).toMatchObject({ cacheCreation: 0, cacheRead: 0 });
    expect(warnings).toEqual(['Claude\'s answer reported no token usage; settling an estimate']);
  });

  it('is estimated when streamed too', async () => {
    const events = textEvents(answer).map(([name, data]): [string, unknown] => {
      const copy = structuredClone(data) as Record<string, unknown> & { message?: Record<string, unknown> };
      if (copy.message) delete copy.message.usage;
      delete copy.usage;
      return [name, copy];
    });
    standIn.answer((_body, res) => sendEvents(res, sseText(events)));
    const response = await model.invoke(request({ stream: true }));
    expect(response.usage.input).toBeGreaterThan(1_000);
    expect(response.usage.output).toBe(estimateInputTokens(answer));
  });

  it('keeps the counts an answer reports, zeros included', async () => {
    warnings.length = 0;
    standIn.answer((_body, res) => sendJson(res, 200, messageBody([{ type: 'text', text: answer }], { usage: { input_tokens: 0, output_tokens: 0 } })));
    expect((await model.invoke(request())).usage).toEqual({ input: 0, output: 0, cacheCreation: 0, cacheRead: 0 });
    standIn.answer((_body, res) => sendJson(res, 200, messageBody([{ type: 'text', text: answer }], { usage: { input_tokens: 12, cache_creation_input_tokens: null } })));
    expect((await model.invoke(request())).usage).toEqual({ input: 12, output: 0, cacheCreation: 0, cacheRead: 0 });
    expect(warnings).toEqual([]);
  });
});
