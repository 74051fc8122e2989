import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { analysisBody, call, until } from './support/client.js';
import { startTestService, type TestService } from './support/test-service.js';

let fake: FakeAnthropic;
let svc: TestService;
let key: string;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  svc = await startTestService({ anthropicUrl: fake.url });
  key = await svc.key('acme', 'ann', 'admin');
});
afterAll(async () => {
  await svc?.close();
  await fake?.close();
});

const ANALYSIS_FIELDS = ['id', 'projectId', 'analysisType', 'status', 'recommendations', 'confidenceScore', 'output', 'tokensUsed', 'costUsd', 'cached', 'model', 'createdAt', 'completedAt', 'redactions'];
const GENERATION_FIELDS = ['id', 'projectId', 'generationType', 'status', 'files', 'validationResults', 'findings', 'tokensUsed', 'costUsd', 'cached', 'model', 'createdAt', 'completedAt', 'redactions'];

describe('HTTP API against the real core and the fake Anthropic API', () => {
  it('POST /v1/analyses answers 201 with the analysis result of INTERFACE.md, then GET and list return it', async () => {
    const created = await call(`${svc.url}/v1/analyses`, { key, body: analysisBody('A shop with carts and payments', 'shop') });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(expect.arrayContaining(ANALYSIS_FIELDS));
    expect(created.body).toMatchObject({ projectId: 'shop', analysisType: 'requirements', status: 'completed', cached: false });
    expect(created.body.tokensUsed).toEqual({ input: 1200, output: 800, cacheCreation: 0, cacheRead: 0 });
    expect(created.headers.get('location')).toBe(`/v1/analyses/${String(created.body.id)}`);

    const read = await call(`${svc.url}/v1/analyses/${String(created.body.id)}`, { key });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const list = await call<{ items: { id: string }[]; nextCursor: string | null }>(`${svc.url}/v1/projects/shop/analyses?limit=10`, { key });
    expect(list.status).toBe(200);
    expect(list.body.items.map((item) => item.id)).toContain(created.body.id);
  });

  it('POST /v1/generations answers 201 with files, their validation results and findings', async () => {
    const created = await call(`${svc.url}/v1/generations`, { key, body: { projectId: 'shop', generationType: 'service', specification: 'An order service with a REST API', templateContext: { language: 'typescript' } } });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(expect.arrayContaining(GENERATION_FIELDS));
    expect(Array.isArray(created.body.files)).toBe(true);
    const read = await call(`${svc.url}/v1/generations/${String(created.body.id)}`, { key });
    expect(read.body).toEqual(created.body);
    const list = await call<{ items: { id: string }[] }>(`${svc.url}/v1/projects/shop/generations`, { key });
    expect(list.body.items.map((item) => item.id)).toContain(created.body.id);
  });

  it('a repeated request is answered from the cache with cached: true and no upstream call; noCache=true calls again', async () => {
    const body = analysisBody('Cache me: a blog with comments');
    await call(`${svc.url}/v1/analyses`, { key, body });
    const before = fake.messageCount();
    const again = await call(`${svc.url}/v1/analyses`, { key, body });
    expect(again.status).toBe(201);
    expect(again.body.cached).toBe(true);
    expect(again.body.costUsd).toBe(0);
    expect(fake.messageCount()).toBe(before);
    const fresh = await call(`${svc.url}/v1/analyses?noCache=true`, { key, body });
    expect(fresh.body.cached).toBe(false);
    expect(fake.messageCount()).toBe(before + 1);
  });

  it('a synchronous answer says where its time went (Server-Timing): cache lookup, admission, Claude, final write, total', async () => {
    const body = analysisBody('Timed: a calendar with reminders');
    const steps = (header: string | null): Record<string, number> => Object.fromEntries((header ?? '').split(', ').map((entry) => {
      const [name, dur] = entry.split(';dur=');
      return [name, Number(dur)];
    }));
    const first = await call(`${svc.url}/v1/generations`, { key, body: { projectId: 'p1', generationType: 'service', specification: { name: 'calendar' } } });
    const timed = steps(first.headers.get('server-timing'));
    expect(Object.keys(timed)).toEqual(['cache', 'admit', 'model', 'store', 'total']);
    for (const ms of Object.values(timed)) expect(ms).toBeGreaterThanOrEqual(0);
    expect(timed.model! + timed.admit! + timed.store!).toBeLessThanOrEqual(timed.total!);

    await call(`${svc.url}/v1/analyses`, { key, body });
    const hit = await call(`${svc.url}/v1/analyses`, { key, body });
    expect(hit.body.cached).toBe(true);
    expect(Object.keys(steps(hit.headers.get('server-timing')))).toEqual(['cache', 'store', 'total']);
  });

  it('an answer from a model without a price is priced as the model asked for, not failed after it was billed', async () => {
    const priced = await call<{ costUsd: number; model: string }>(`${svc.url}/v1/analyses`, { key, body: analysisBody('Priced: a library catalogue') });
    fake.configure({ modelName: 'stand-in-model-1' });
    try {
      const answered = await call<{ status: string; costUsd: number; model: string }>(`${svc.url}/v1/analyses`, { key, body: analysisBody('Unpriced: a library catalogue') });
      expect(answered.status).toBe(201);
      expect(answered.body).toMatchObject({ status: 'completed', model: 'stand-in-model-1', costUsd: priced.body.costUsd });
      expect(answered.body.costUsd).toBeGreaterThan(0);
    } finally {
      fake.configure({ modelName: undefined });
    }
  });

  it('concurrent identical requests of one organisation make one upstream call (single-flight)', async () => {
    fake.configure({ latencyMs: 300 });
    try {
      const colleague = await svc.key('acme', 'bob');
      const body = analysisBody('Single flight: a chat service with rooms');
      const before = fake.messageCount();
      const answers = await Promise.all([key, colleague, key, colleague, key].map((k) => call(`${svc.url}/v1/analyses`, { key: k, body })));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
      expect(fake.messageCount() - before).toBe(1);
    } finally {
      fake.configure({ latencyMs: 0 });
    }
  });

  it('?async=true answers 202 {id, status} with a Location, and a worker completes the job', async () => {
    const submitted = await call<{ id: string; status: string }>(`${svc.url}/v1/analyses?async=true`, { key, body: analysisBody('Async: an invoicing system') });
    expect(submitted.status).toBe(202);
    expect(Object.keys(submitted.body).sort()).toEqual(['id', 'status']);
    expect(submitted.body.status).toBe('queued');
    expect(submitted.headers.get('location')).toBe(`/v1/analyses/${submitted.body.id}`);
    const done = await until(async () => {
      const r = await call(`${svc.url}/v1/analyses/${submitted.body.id}`, { key });
      return r.body.status === 'completed' ? r : null;
    });
    expect(done.body.cached).toBe(false);
    expect((await svc.store.jobs.get(submitted.body.id))?.state).toBe('done');

    const generation = await call<{ id: string }>(`${svc.url}/v1/generations?async=true`, { key, body: { generationType: 'config', specification: { service: 'orders' } } });
    expect(generation.status).toBe(202);
    await until(async () => ['completed', 'failed'].includes(String((await call(`${svc.url}/v1/generations/${generation.body.id}`, { key })).body.status)));
  });

  it('an async job honours noCache=true: the cached answer is skipped and Claude is called again', async () => {
    const body = analysisBody('Async cache: a library catalogue');
    await call(`${svc.url}/v1/analyses`, { key, body });
    const finished = async (path: string) => {
      const submitted = await call<{ id: string }>(`${svc.url}${path}`, { key, body });
      expect(submitted.status).toBe(202);
      return until(async () => {
        const r = await call(`${svc.url}/v1/analyses/${submitted.body.id}`, { key });
        return r.body.status === 'completed' ? r : null;
      });
    };
    const before = fake.messageCount();
    expect((await finished('/v1/analyses?async=true')).body.cached).toBe(true);
    expect(fake.messageCount()).toBe(before);
    expect((await finished('/v1/analyses?async=true&noCache=true')).body.cached).toBe(false);
    expect(fake.messageCount()).toBe(before + 1);
  });

  it('input errors answer 400 listing every wrong field, without a stack or a path', async () => {
    const bad = await call<{ error: { code: string; message: string; fields: string[] } }>(`${svc.url}/v1/analyses`, { key, body: { analysisType: 'astrology', input: 'not an object', extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_input');
    expect(bad.body.error.fields).toEqual(expect.arrayContaining(['analysisType', 'input']));
    const notJson = await call<{ error: { code: string } }>(`${svc.url}/v1/analyses`, { key, rawBody: '{"analysisType": "requirements",' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_json');
    const badQuery = await call<{ error: { fields: string[] } }>(`${svc.url}/v1/projects/p1/analyses?limit=1000`, { key });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.fields).toEqual(['query.limit']);
    for (const answer of [bad, notJson, badQuery]) expect(JSON.stringify(answer.body)).not.toMatch(/\/work\/|node_modules|at .*\.ts:\d+/);
  });

  it('unknown routes answer 404 JSON; every answer carries the security headers', async () => {
    const missing = await call<{ error: { code: string } }>(`${svc.url}/v1/nothing-here`, { key });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    for (const path of ['/v1/usage', '/healthz', '/', '/openapi.json']) {
      const answer = await call(`${svc.url}${path}`, { key });
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('strict-transport-security')).toContain('max-age=');
      expect(answer.headers.get('x-request-id')).toBeTruthy();
    }
    expect((await call(`${svc.url}/v1/usage`, { key })).headers.get('cache-control')).toBe('no-store');
  });

  it('POST /v1/sanitize and POST /v1/validate run the offline tools', async () => {
    const secret = ['AKIA', 'SDLSBJG5G2TCYNKF'].join('');
    const sanitized = await call<{ text: string; findings: { type: string }[] }>(`${svc.url}/v1/sanitize`, { key, body: { text: `key=${secret}` } });
    expect(sanitized.status).toBe(200);
    expect(sanitized.body.text).not.toContain(secret);
    expect(sanitized.body.findings[0]?.type).toBe('aws_access_key_id');
    const validated = await call<{ valid: boolean; files: unknown[] }>(`${svc.url}/v1/validate`, { key, body: { files: [{ path: 'index.js', content: 'export const x = 1;\n' }] } });
    expect(validated.status).toBe(200);
    expect(validated.body.files).toHaveLength(1);
  });

  it('serves the OpenAPI 3.1 document, the rendered reference and the dashboard', async () => {
    const doc = await call<{ openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }>(`${svc.url}/openapi.json`);
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining([
      '/v1/analyses', '/v1/analyses/{id}', '/v1/analyses/{id}/events', '/v1/projects/{projectId}/analyses',
      '/v1/generations', '/v1/generations/{id}', '/v1/generations/{id}/events', '/v1/projects/{projectId}/generations',
      '/v1/usage', '/v1/limits', '/v1/sanitize', '/v1/validate', '/openapi.json', '/healthz', '/metrics',
    ]));
    expect(Object.keys(doc.body.components.schemas)).toEqual(expect.arrayContaining(['AnalysisResult', 'GenerationResult', 'UsageMetrics', 'LimitsReport', 'Error', 'Recommendation']));
    const reference = await call<string>(`${svc.url}/docs`);
    expect(reference.headers.get('content-type')).toContain('text/html');
    expect(reference.body).toContain('/v1/analyses');
    expect(reference.body).toContain('id="schema-AnalysisResult"');
    expect(reference.body).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    const dashboard = await call<string>(`${svc.url}/`);
    expect(dashboard.body).toContain('src="/assets/dashboard.js"');
    const script = await call<string>(`${svc.url}/assets/dashboard.js`);
    expect(script.body).toContain("'/v1/usage?days='");
    expect(script.body).not.toContain('innerHTML');
  });

  it('GET /metrics exposes requests by route and status, model calls, tokens, cost, cache hits and queue depth', async () => {
    const text = (await call<string>(`${svc.url}/metrics`)).body;
    expect(text).toMatch(/skafu_http_requests_total\{method="POST",route="\/v1\/analyses",status="201"\} \d+/);
    // prom-client writes `le` first on bucket lines; label order carries no meaning in the format.
    expect(text).toMatch(/skafu_http_request_duration_seconds_bucket\{le="\+Inf",method="POST",route="\/v1\/analyses",status="201"\} \d+/);
    expect(text).toMatch(/skafu_model_calls_total\{operation="project_analysis",model="claude-sonnet-5-5",status="completed"\} \d+/);
    expect(text).toMatch(/skafu_tokens_total\{kind="input"\} \d+/);
    expect(text).toMatch(/skafu_cost_usd_total\{operation="project_analysis",model="claude-sonnet-5-5"\} [\d.]+/);
    expect(text).toMatch(/skafu_cache_hits_total\{operation="project_analysis"\} \d+/);
    expect(text).toMatch(/skafu_jobs_total\{outcome="completed"\} \d+/);
    expect(text).toMatch(/skafu_job_queue_depth \d+/);
    expect(text).toContain('route="/v1/analyses/:id"');
  });
});
