import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigFile } from '../../src/config/schema.js';
import { scenario, startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { analysisBody, call } from './support/client.js';
import { answerProblems, type OpenApiDocument } from './support/openapi-check.js';
import { OPEN_LIMITS, startTestService, type TestService } from './support/test-service.js';

/** Open limits, but one architecture review a day and small bodies, so 429 and 413 are easy to reach. */
const CONFIG: ConfigFile = {
  plans: {
    default: {
      ...OPEN_LIMITS.plans!.default!,
      perUser: { ...OPEN_LIMITS.plans!.default!.perUser, requestsPerDay: { architecture_review: 1 } },
      maxRequestBytes: 20_000,
    },
  },
};

let fake: FakeAnthropic;
let svc: TestService;
let rated: TestService;
let doc: OpenApiDocument;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  svc = await startTestService({ anthropicUrl: fake.url, config: CONFIG });
  rated = await startTestService({ anthropicUrl: fake.url, options: { requestsPerMinutePerKey: 1 } });
  doc = (await call<OpenApiDocument>(`${svc.url}/openapi.json`)).body;
});
afterAll(async () => {
  await rated?.close();
  await svc?.close();
  await fake?.close();
});

interface Request { method?: string; key?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> }

/** Sends the request and returns the status with what the document says wrong about the answer. */
async function documented(base: string, template: string, path: string, request: Request = {}): Promise<{ status: number; problems: string[]; body: unknown }> {
  const answer = await call(`${base}${path}`, request);
  const method = request.method ?? (request.body === undefined && request.rawBody === undefined ? 'GET' : 'POST');
  return { status: answer.status, body: answer.body, problems: answerProblems(doc, method, template, answer.status, answer.headers.get('content-type'), answer.body) };
}

describe('the OpenAPI document describes what the service really answers', () => {
  it('is OpenAPI 3.1 with every route of the contract', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/healthz', '/metrics', '/openapi.json',
      '/v1/analyses', '/v1/analyses/{id}', '/v1/analyses/{id}/events',
      '/v1/generations', '/v1/generations/{id}', '/v1/generations/{id}/events',
      '/v1/limits', '/v1/projects/{projectId}/analyses', '/v1/projects/{projectId}/generations',
      '/v1/sanitize', '/v1/usage', '/v1/validate',
    ]);
  });

  it('successes and the errors of each route: status, media type and body as documented', async () => {
    const admin = await svc.key('acme', 'ann', 'admin');
    const member = await svc.key('acme', 'bob');
    const u = svc.url;
    const analysis = await call<{ id: string }>(`${u}/v1/analyses`, { key: admin, body: analysisBody('Documented: a ticket shop', 'docs') });
    const generation = await call<{ id: string }>(`${u}/v1/generations`, { key: admin, body: { projectId: 'docs', generationType: 'api', specification: { name: 'tickets' } } });
    const big = { ...analysisBody(), input: { requirements: 'x'.repeat(30_000) } };
    const checks: [string, string, Request, number][] = [
      ['/v1/analyses', '/v1/analyses', { key: admin, body: analysisBody() }, 201],
      ['/v1/analyses', '/v1/analyses?async=true', { key: admin, body: analysisBody() }, 202],
      ['/v1/analyses', '/v1/analyses', { key: admin, body: { analysisType: 'astrology', extra: 1 } }, 400],
      ['/v1/analyses', '/v1/analyses?async=maybe', { key: admin, body: analysisBody() }, 400],
      ['/v1/analyses', '/v1/analyses', { key: null, body: analysisBody() }, 401],
      ['/v1/analyses', '/v1/analyses', { key: admin, body: big }, 413],
      ['/v1/analyses', '/v1/analyses', { key: admin, rawBody: 'requirements: a shop', headers: { 'content-type': 'text/plain' } }, 415],
      ['/v1/analyses/{id}', `/v1/analyses/${analysis.body.id}`, { key: admin }, 200],
      ['/v1/analyses/{id}', `/v1/analyses/${'a'.repeat(129)}`, { key: admin }, 400],
      ['/v1/analyses/{id}', `/v1/analyses/${analysis.body.id}`, { key: 'sk_unknown' }, 401],
      ['/v1/analyses/{id}', `/v1/analyses/${generation.body.id}`, { key: admin }, 404],
      ['/v1/analyses/{id}/events', `/v1/analyses/${analysis.body.id}/events`, { key: admin }, 200],
      ['/v1/analyses/{id}/events', `/v1/analyses/${'a'.repeat(129)}/events`, { key: admin }, 400],
      ['/v1/analyses/{id}/events', '/v1/analyses/nope/events', { key: admin }, 404],
      ['/v1/projects/{projectId}/analyses', '/v1/projects/docs/analyses?limit=1', { key: admin }, 200],
      ['/v1/projects/{projectId}/analyses', '/v1/projects/docs/analyses?cursor=bogus', { key: admin }, 400],
      ['/v1/generations', '/v1/generations', { key: admin, body: { generationType: 'tests', specification: 'tests of a parser' } }, 201],
      ['/v1/generations', '/v1/generations?async=true', { key: admin, body: { generationType: 'tests', specification: 'tests of a lexer' } }, 202],
      ['/v1/generations', '/v1/generations', { key: admin, body: { generationType: 'service' } }, 400],
      ['/v1/generations', '/v1/generations', { key: admin, rawBody: '<spec/>', headers: { 'content-type': 'application/xml' } }, 415],
      ['/v1/generations/{id}', `/v1/generations/${generation.body.id}`, { key: admin }, 200],
      ['/v1/generations/{id}', `/v1/generations/${analysis.body.id}`, { key: admin }, 404],
      ['/v1/generations/{id}/events', `/v1/generations/${generation.body.id}/events`, { key: admin }, 200],
      ['/v1/projects/{projectId}/generations', '/v1/projects/docs/generations', { key: admin }, 200],
      ['/v1/projects/{projectId}/generations', '/v1/projects/no%20spaces/generations', { key: admin }, 400],
      ['/v1/usage', '/v1/usage?days=7', { key: admin }, 200],
      ['/v1/usage', '/v1/usage', { key: member }, 200],
      ['/v1/usage', '/v1/usage?days=0', { key: admin }, 400],
      ['/v1/usage', '/v1/usage?orgWide=true', { key: member }, 403],
      ['/v1/limits', '/v1/limits', { key: admin }, 200],
      ['/v1/limits', '/v1/limits', { key: member }, 200],
      ['/v1/limits', '/v1/limits?orgWide=true', { key: member }, 403],
      ['/v1/sanitize', '/v1/sanitize', { key: member, body: { text: 'write to ann@example.com' } }, 200],
      ['/v1/sanitize', '/v1/sanitize', { key: member, body: { text: 5 } }, 400],
      ['/v1/sanitize', '/v1/sanitize', { key: member, rawBody: 'ann@example.com', headers: { 'content-type': 'text/plain' } }, 415],
      ['/v1/sanitize', '/v1/sanitize', { key: member, body: { text: 'y'.repeat(30_000) } }, 413],
      ['/v1/validate', '/v1/validate', { key: member, body: { files: [{ path: 'a.js', content: 'eval(input)\n' }] } }, 200],
      ['/v1/validate', '/v1/validate', { key: member, body: { files: [] } }, 400],
      ['/healthz', '/healthz', {}, 200],
      ['/metrics', '/metrics', {}, 200],
      ['/openapi.json', '/openapi.json', {}, 200],
    ];
    const problems: string[] = [];
    for (const [template, path, request, status] of checks) {
      const answer = await documented(u, template, path, request);
      expect(answer.status, `${path} ${JSON.stringify(answer.body).slice(0, 200)}`).toBe(status);
      problems.push(...answer.problems);
    }
    expect(problems).toEqual([]);
  });

  it('a quota refusal (429) and the model unavailable (503) are documented as answered', async () => {
    const key = await svc.key('acme', 'cid');
    const review = { analysisType: 'architecture', input: { architecture: `Lambda and DynamoDB ${Math.random()}` } };
    expect((await call(`${svc.url}/v1/analyses`, { key, body: review })).status).toBe(201);
    const refused = await documented(svc.url, '/v1/analyses', '/v1/analyses', { key, body: { ...review, input: { architecture: 'another' } } });
    expect(refused.status).toBe(429);
    fake.configure({ respond: () => scenario.overloaded({ retryAfterMs: 1 }) });
    try {
      const unavailable = await documented(svc.url, '/v1/generations', '/v1/generations', { key, body: { generationType: 'config', specification: 'a config loader' } });
      expect(unavailable.status).toBe(503);
      expect([...refused.problems, ...unavailable.problems]).toEqual([]);
    } finally {
      fake.configure({ respond: () => undefined });
    }
  });

  it('every /v1 route documents the 429 of the per-key request rate it really answers', async () => {
    const admin = await rated.key('acme', 'ann', 'admin');
    const created = await call<{ id: string }>(`${rated.url}/v1/analyses`, { key: admin, body: analysisBody() });
    const routes: [string, string, Request][] = [
      ['/v1/analyses', '/v1/analyses', { body: analysisBody() }],
      ['/v1/analyses/{id}', `/v1/analyses/${created.body.id}`, {}],
      ['/v1/analyses/{id}/events', `/v1/analyses/${created.body.id}/events`, {}],
      ['/v1/projects/{projectId}/analyses', '/v1/projects/p1/analyses', {}],
      ['/v1/generations', '/v1/generations', { body: { generationType: 'tests', specification: 'x' } }],
      ['/v1/generations/{id}', '/v1/generations/g1', {}],
      ['/v1/generations/{id}/events', '/v1/generations/g1/events', {}],
      ['/v1/projects/{projectId}/generations', '/v1/projects/p1/generations', {}],
      ['/v1/usage', '/v1/usage', {}],
      ['/v1/limits', '/v1/limits', {}],
      ['/v1/sanitize', '/v1/sanitize', { body: { text: 'x' } }],
      ['/v1/validate', '/v1/validate', { body: { files: [{ path: 'a.js', content: '1' }] } }],
    ];
    const problems: string[] = [];
    for (const [template, path, request] of routes) {
      const key = await rated.key('acme', 'ann', 'admin');
      expect((await call(`${rated.url}/v1/limits`, { key })).status).toBe(200);
      const limited = await documented(rated.url, template, path, { ...request, key });
      expect(limited.status, path).toBe(429);
      problems.push(...limited.problems);
    }
    expect(problems).toEqual([]);
  });
});
