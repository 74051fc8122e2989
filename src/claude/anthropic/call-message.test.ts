import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ModelRequest } from '../../ports/model.js';
import { createAnthropicModel, type AnthropicModel } from '../anthropic-model.js';
import { messageBody, sendJson, startStandIn, type StandIn } from './test-support/stand-in.js';

const schema = z.object({ answer: z.string() });

function request(overrides: Partial<ModelRequest<typeof schema>> = {}): ModelRequest<typeof schema> {
  return { operation: 'project_analysis', model: 'claude-sonnet-5-5', system: 'system', schema, userContent: 'user', maxTokens: 512, timeoutMs: 5_000, stream: false, ...overrides };
}

let standIn: StandIn;
let model: AnthropicModel;

beforeAll(async () => {
  standIn = await startStandIn();
  model = createAnthropicModel({ secrets: { getAnthropicApiKey: () => Promise.resolve('sk-test') }, baseURL: standIn.url, maxRetries: 0 });
});
afterAll(async () => {
  await model.close();
  await standIn.close();
});

describe('a server that wants the key as x-api-key', () => {
  it('gets it so on the retry after its 401, and answers', async () => {
    standIn.answer((_body, res, _attempt, req) => (req.headers['x-api-key'] === 'sk-test'
      ? sendJson(res, 200, messageBody([{ type: 'text', text: '{"answer":"let in"}' }]))
      : sendJson(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } })));
    const response = await model.invoke(request());
    expect(response.parsed).toEqual({ answer: 'let in' });
    expect(standIn.headers.map((h) => [h.authorization, h['x-api-key']])).toEqual([['Bearer sk-test', undefined], ['Bearer sk-test', 'sk-test']]);
  });
});
