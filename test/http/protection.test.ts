import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { analysisBody, call, until } from './support/client.js';
import { OPEN_LIMITS, startTestService, type TestService } from './support/test-service.js';

type ErrorBody = { error: { code: string; message: string; limit?: string; fields?: string[] } };

let fake: FakeAnthropic;
const services: TestService[] = [];

beforeAll(async () => { fake = await startFakeAnthropic(); });
afterAll(async () => {
  for (const svc of services) await svc.close();
  await fake?.close();
});

async function service(...args: Parameters<typeof startTestService>): Promise<TestService> {
  const svc = await startTestService(...args);
  services.push(svc);
  return svc;
}

describe('protection', () => {
  it('a body over the plan\'s maxRequestBytes answers 413 JSON before any model call', async () => {
    const svc = await service({ anthropicUrl: fake.url, config: { plans: { default: { ...OPEN_LIMITS.plans!.default, maxRequestBytes: 4096 } } } });
    const key = await svc.key('acme', 'ann');
    const before = fake.messageCount();
    const big = await call<ErrorBody>(`${svc.url}/v1/analyses`, { key, body: analysisBody('x'.repeat(10_000)) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('request_too_large');
    const huge = await call<ErrorBody>(`${svc.url}/v1/sanitize`, { key, body: { text: 'y'.repeat(100_000) } });
    expect(huge.status).toBe(413);
    expect(fake.messageCount()).toBe(before);
  });

  it('a chunked body (no Content-Length) over the plan\'s maxRequestBytes answers 413 too, though a larger plan exists', async () => {
    const svc = await service({
      anthropicUrl: fake.url,
      config: { plans: { default: { ...OPEN_LIMITS.plans!.default, maxRequestBytes: 4096 }, pro: { maxRequestBytes: 1_000_000 } }, organizations: { bigco: { plan: 'pro' } } },
    });
    const small = await svc.key('acme', 'ann');
    const big = await svc.key('bigco', 'bo');
    /** POSTs the JSON in 1 KiB chunks with Transfer-Encoding: chunked. */
    const chunked = (path: string, key: string, body: unknown): Promise<{ status: number; body: ErrorBody }> => new Promise((resolve, reject) => {
      const req = httpRequest(`${svc.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => { text += chunk; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as ErrorBody }));
      });
      req.on('error', reject);
      const json = JSON.stringify(body);
      for (let at = 0; at < json.length; at += 1024) req.write(json.slice(at, at + 1024));
      req.end();
    });
    const before = fake.messageCount();
    for (const [path, body] of [
      ['/v1/sanitize', { text: 'y'.repeat(10_000) }],
      ['/v1/validate', { files: [{ path: 'a.js', content: `// ${'z'.repeat(10_000)}\n` }] }],
      ['/v1/analyses', analysisBody('x'.repeat(10_000))],
    ] as const) {
      const refused = await chunked(path, small, body);
      expect(refused.status, path).toBe(413);
      expect(refused.body.error.code).toBe('request_too_large');
      expect(refused.body.error.message).toContain('4096');
      expect((await chunked(path, big, body)).status, `${path} on the larger plan`).toBeLessThan(300);
    }
    expect((await chunked('/v1/sanitize', small, { text: 'fits' })).status).toBe(200);
    expect(fake.messageCount()).toBe(before + 1);
  });

  it('a quota refusal answers 429 naming the limit, with Retry-After, and is counted in /metrics', async () => {
    const svc = await service({
      anthropicUrl: fake.url,
      config: { plans: { default: { ...OPEN_LIMITS.plans!.default, perUser: { ...OPEN_LIMITS.plans!.default!.perUser, requestsPerDay: { project_analysis: 2 } } } } },
    });
    const key = await svc.key('acme', 'ann');
    for (let i = 0; i < 2; i++) expect((await call(`${svc.url}/v1/analyses`, { key, body: analysisBody() })).status).toBe(201);
    const refused = await call<ErrorBody>(`${svc.url}/v1/analyses`, { key, body: analysisBody() });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('usage_limit_exceeded');
    expect(refused.body.error.limit).toBe('perUser.requestsPerDay.project_analysis');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(86_400);
    const metrics = (await call<string>(`${svc.url}/metrics`)).body;
    expect(metrics).toContain('skafu_quota_refusals_total{limit="perUser.requestsPerDay.project_analysis"} 1');
    const usage = await call<{ refusedRequests: number; byOperation: Record<string, { totalRequests: number; refusedRequests: number }> }>(`${svc.url}/v1/usage`, { key });
    expect(usage.body.refusedRequests).toBe(1);
    expect(usage.body.byOperation.project_analysis).toMatchObject({ totalRequests: 2, refusedRequests: 1 });
  });

  it('an async submission its limits would certainly refuse answers 429 at once and queues nothing; a cached answer is still served', async () => {
    const svc = await service({
      anthropicUrl: fake.url,
      config: { plans: { default: { ...OPEN_LIMITS.plans!.default, perUser: { ...OPEN_LIMITS.plans!.default!.perUser, requestsPerDay: { project_analysis: 1, code_generation: 1 } } } } },
    });
    const key = await svc.key('acme', 'ann');
    const answered = analysisBody('An inventory service', 'async-limits');
    expect((await call(`${svc.url}/v1/analyses`, { key, body: answered })).status).toBe(201);
    const calls = fake.messageCount();

    const refused = await call<ErrorBody>(`${svc.url}/v1/analyses?async=true`, { key, body: analysisBody('A billing service', 'async-limits') });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('usage_limit_exceeded');
    expect(refused.body.error.limit).toBe('perUser.requestsPerDay.project_analysis');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const listed = await call<{ items: { id: string }[] }>(`${svc.url}/v1/projects/async-limits/analyses`, { key });
    expect(listed.body.items).toHaveLength(1);
    const usage = await call<{ refusedRequests: number }>(`${svc.url}/v1/usage`, { key });
    expect(usage.body.refusedRequests).toBe(1);
    const metrics = (await call<string>(`${svc.url}/metrics`)).body;
    expect(metrics).toContain('skafu_quota_refusals_total{limit="perUser.requestsPerDay.project_analysis"} 1');

    // The same request again is a cache hit, which no limit refuses.
    const cached = await call<{ id: string }>(`${svc.url}/v1/analyses?async=true`, { key, body: answered });
    expect(cached.status).toBe(202);
    const done = await until(async () => {
      const got = await call<{ status: string; cached: boolean }>(`${svc.url}/v1/analyses/${cached.body.id}`, { key });
      return got.body.status === 'completed' ? got.body : null;
    });
    expect(done.cached).toBe(true);

    // Generations: the same at submission.
    const generation = { projectId: 'async-limits', generationType: 'service', specification: { name: 'orders' } };
    expect((await call(`${svc.url}/v1/generations`, { key, body: generation })).status).toBe(201);
    const refusedGeneration = await call<ErrorBody>(`${svc.url}/v1/generations?async=true`, { key, body: { ...generation, specification: { name: 'payments' } } });
    expect(refusedGeneration.status).toBe(429);
    expect(refusedGeneration.body.error.limit).toBe('perUser.requestsPerDay.code_generation');
    expect(fake.messageCount()).toBe(calls + 1);
  });

  it('the per-key request rate answers 429 with Retry-After, per key', async () => {
    const svc = await service({ anthropicUrl: fake.url, options: { requestsPerMinutePerKey: 3 } });
    const key = await svc.key('acme', 'ann');
    const other = await svc.key('acme', 'bob');
    for (let i = 0; i < 3; i++) expect((await call(`${svc.url}/v1/limits`, { key })).status).toBe(200);
    const limited = await call<ErrorBody>(`${svc.url}/v1/limits`, { key });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'rate_limited', limit: 'http.requestsPerMinutePerKey' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await call(`${svc.url}/v1/limits`, { key: other })).status).toBe(200);
  });

  it('a synchronous call past the request deadline answers 504 request_timeout', async () => {
    const svc = await service({ anthropicUrl: fake.url, options: { handlerTimeoutMs: 300 } });
    const key = await svc.key('acme', 'ann');
    fake.configure({ latencyMs: 2_000 });
    try {
      const late = await call<ErrorBody>(`${svc.url}/v1/analyses`, { key, body: analysisBody() });
      expect(late.status).toBe(504);
      expect(late.body.error.code).toBe('request_timeout');
    } finally {
      fake.configure({ latencyMs: 0 });
    }
  });

  it('logs one line per request with its id, and never a body, an input value or a key', async () => {
    const lines: string[] = [];
    const svc = await service({ anthropicUrl: fake.url, logLines: lines });
    const key = await svc.key('acme', 'ann');
    const secret = ['ghp', '_', 'Zx9'.repeat(12)].join('');
    const email = 'jane.roe@example.org';
    await call(`${svc.url}/v1/analyses`, { key, body: analysisBody(`deploy with token ${secret} and mail ${email}`) });
    await call(`${svc.url}/v1/analyses?async=true`, { key, body: analysisBody(`again ${secret}`) });
    await call(`${svc.url}/v1/analyses`, { key, body: { analysisType: secret, input: email } });
    await call(`${svc.url}/v1/sanitize`, { key, body: { text: secret } });
    await call(`${svc.url}/v1/usage`, { key: `sk_${'B'.repeat(32)}` });
    await new Promise((r) => setTimeout(r, 500));
    const text = lines.join('');
    expect(lines.filter((l) => l.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(5);
    expect(lines.filter((l) => l.includes('"msg":"request"')).every((l) => /"reqId":"[^"]+"/.test(l))).toBe(true);
    for (const value of [secret, email, key, 'B'.repeat(32), 'deploy with token']) expect(text).not.toContain(value);
  });

  it('an unexpected failure answers 500 "internal error" with the request id and nothing else', async () => {
    const svc = await service({ anthropicUrl: fake.url });
    const key = await svc.key('acme', 'ann');
    await svc.store.close();
    const broken = await call<ErrorBody & { error: { requestId: string } }>(`${svc.url}/v1/usage`, { key, headers: { 'x-request-id': 'trace-123' } });
    expect(broken.status).toBeGreaterThanOrEqual(500);
    expect(broken.headers.get('x-request-id')).toBe('trace-123');
    expect(JSON.stringify(broken.body)).not.toMatch(/\/tmp\/|\.db|node_modules|Error:|at /);
  });
});
