import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { analysisBody, call } from './support/client.js';
import { startTestService, type TestService } from './support/test-service.js';

let fake: FakeAnthropic;
let svc: TestService;
let key: string;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  svc = await startTestService({ anthropicUrl: fake.url });
  key = await svc.key('acme', 'ann');
});
afterAll(async () => {
  await svc?.close();
  await fake?.close();
});

interface Sse { event: string; data: Record<string, unknown> }

/** Reads a whole event stream (it must end by itself) and parses its events. */
async function readEvents(url: string, apiKey: string, timeoutMs = 15_000): Promise<{ status: number; contentType: string | null; events: Sse[] }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${apiKey}`, accept: 'text/event-stream' }, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  const events = text.split('\n\n').filter((block) => block.includes('event: ')).map((block) => {
    const lines = block.split('\n');
    const event = lines.find((l) => l.startsWith('event: '))!.slice(7);
    const data = JSON.parse(lines.find((l) => l.startsWith('data: '))!.slice(6)) as Record<string, unknown>;
    return { event, data };
  });
  return { status: res.status, contentType: res.headers.get('content-type'), events };
}

describe('server-sent events of a job', () => {
  it('streams the status on connect, status changes as the job runs, and `done` with the result, then closes', async () => {
    fake.configure({ latencyMs: 600 });
    try {
      const submitted = await call<{ id: string }>(`${svc.url}/v1/analyses?async=true`, { key, body: analysisBody('Stream me: a library catalogue') });
      const stream = await readEvents(`${svc.url}/v1/analyses/${submitted.body.id}/events`, key);
      expect(stream.status).toBe(200);
      expect(stream.contentType).toContain('text/event-stream');
      const names = stream.events.map((e) => e.event);
      expect(names[0]).toBe('status');
      expect(names.at(-1)).toBe('done');
      const statuses = stream.events.filter((e) => e.event === 'status').map((e) => e.data.status);
      expect(statuses).toContain('in_progress');
      expect(statuses.at(-1)).toBe('completed');
      const done = stream.events.at(-1)!.data;
      expect(done).toMatchObject({ id: submitted.body.id, status: 'completed', analysisType: 'requirements' });
      expect(done).toEqual((await call(`${svc.url}/v1/analyses/${submitted.body.id}`, { key })).body);
    } finally {
      fake.configure({ latencyMs: 0 });
    }
  });

  it('a streamed generation reports token counts and its validation result', async () => {
    fake.configure({ latencyMs: 400 });
    try {
      const submitted = await call<{ id: string }>(`${svc.url}/v1/generations?async=true`, { key, body: { generationType: 'service', specification: 'A users service in TypeScript' } });
      const stream = await readEvents(`${svc.url}/v1/generations/${submitted.body.id}/events`, key);
      const names = stream.events.map((e) => e.event);
      expect(names).toContain('tokens');
      expect(names).toContain('validation');
      const tokens = stream.events.filter((e) => e.event === 'tokens').map((e) => Number(e.data.outputTokens));
      expect(tokens.every((n, i) => i === 0 || n >= tokens[i - 1]!)).toBe(true);
      expect(stream.events.find((e) => e.event === 'validation')!.data).toEqual(expect.objectContaining({ id: submitted.body.id, valid: expect.any(Boolean), errors: expect.any(Number) }));
      expect(names.at(-1)).toBe('done');
    } finally {
      fake.configure({ latencyMs: 0 });
    }
  });

  it('an analysis job streams its token counts, the last equal to the stored count, before `done`', async () => {
    fake.configure({ latencyMs: 600 });
    try {
      const submitted = await call<{ id: string }>(`${svc.url}/v1/analyses?async=true`, { key, body: analysisBody('Count my tokens: a parking app') });
      const stream = await readEvents(`${svc.url}/v1/analyses/${submitted.body.id}/events`, key);
      const names = stream.events.map((e) => e.event);
      expect(names.filter((n) => n === 'tokens').length).toBeGreaterThan(1);
      expect(names.indexOf('tokens')).toBeLessThan(names.indexOf('done'));
      const counts = stream.events.filter((e) => e.event === 'tokens').map((e) => Number(e.data.outputTokens));
      expect(counts.every((n, i) => i === 0 || n >= counts[i - 1]!)).toBe(true);
      const done = stream.events.at(-1)!.data as { tokensUsed: { output: number } };
      const tokens = stream.events.filter((e) => e.event === 'tokens').at(-1)!.data;
      expect(tokens).toEqual({ type: 'tokens', id: submitted.body.id, outputTokens: done.tokensUsed.output });
      expect(done.tokensUsed.output).toBe(800);
    } finally {
      fake.configure({ latencyMs: 0 });
    }
  });

  it('for a finished generation, sends its status and `done` at once', async () => {
    const created = await call<{ id: string; status: string }>(`${svc.url}/v1/generations`, { key, body: { generationType: 'tests', specification: 'tests for a calculator' } });
    const stream = await readEvents(`${svc.url}/v1/generations/${created.body.id}/events`, key);
    expect(stream.events.map((e) => e.event)).toEqual(['status', 'done']);
    expect(stream.events[0]!.data).toEqual({ type: 'status', id: created.body.id, status: created.body.status });
    expect(stream.events[1]!.data.id).toBe(created.body.id);
  });

  it('HEAD answers the stream\'s headers at once, even while the job runs, and 404 for an id it may not see', async () => {
    fake.configure({ latencyMs: 2_000 });
    try {
      const submitted = await call<{ id: string }>(`${svc.url}/v1/analyses?async=true`, { key, body: analysisBody('Only the headers, please') });
      const started = Date.now();
      const head = await fetch(`${svc.url}/v1/analyses/${submitted.body.id}/events`, { method: 'HEAD', headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(5_000) });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toContain('text/event-stream');
      expect(await head.text()).toBe('');
      expect(Date.now() - started).toBeLessThan(1_000);
      const missing = await fetch(`${svc.url}/v1/generations/no-such-id/events`, { method: 'HEAD', headers: { authorization: `Bearer ${key}` } });
      expect(missing.status).toBe(404);
    } finally {
      fake.configure({ latencyMs: 0 });
    }
  });

  it('answers 404 JSON, not a stream, for an id of another organisation or none', async () => {
    const created = await call<{ id: string }>(`${svc.url}/v1/analyses`, { key, body: analysisBody() });
    const stranger = await svc.key('other-org', 'eve', 'admin');
    for (const [id, k] of [[created.body.id, stranger], ['no-such-id', key]] as const) {
      const answer = await call<{ error: { code: string } }>(`${svc.url}/v1/analyses/${id}/events`, { key: k });
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toContain('application/json');
      expect(answer.body.error.code).toBe('not_found');
    }
  });
});
