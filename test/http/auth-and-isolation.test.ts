import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { analysisBody, call } from './support/client.js';
import { startTestService, type TestService } from './support/test-service.js';

let fake: FakeAnthropic;
let svc: TestService;
let adminA: string;
let memberA: string;
let adminB: string;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  svc = await startTestService({ anthropicUrl: fake.url });
  adminA = await svc.key('org-a', 'alice', 'admin');
  memberA = await svc.key('org-a', 'arthur', 'member');
  adminB = await svc.key('org-b', 'bea', 'admin');
});
afterAll(async () => {
  await svc?.close();
  await fake?.close();
});

type ErrorBody = { error: { code: string; message: string } };

describe('authentication', () => {
  it('every /v1 route answers 401 JSON without a valid Bearer key', async () => {
    const routes: [string, string, unknown?][] = [
      ['POST', '/v1/analyses', analysisBody()], ['GET', '/v1/analyses/x'], ['GET', '/v1/analyses/x/events'],
      ['GET', '/v1/projects/p/analyses'], ['POST', '/v1/generations', { generationType: 'api', specification: 'x' }],
      ['GET', '/v1/generations/x'], ['GET', '/v1/generations/x/events'], ['GET', '/v1/projects/p/generations'],
      ['GET', '/v1/usage'], ['GET', '/v1/limits'], ['POST', '/v1/sanitize', { text: 'x' }], ['POST', '/v1/validate', { files: [] }],
    ];
    const before = fake.messageCount();
    for (const credentials of [null, 'sk_not-a-real-key', `sk_${'A'.repeat(32)}`, 'Basic Zm9vOmJhcg==']) {
      for (const [method, path, body] of routes) {
        const headers: Record<string, string> = credentials?.startsWith('Basic') ? { authorization: credentials } : {};
        const answer = await call<ErrorBody>(`${svc.url}${path}`, { method, key: credentials?.startsWith('sk_') ? credentials : null, body, headers });
        expect(answer.status, `${method} ${path} with ${String(credentials)}`).toBe(401);
        expect(answer.body.error.code).toBe('unauthorized');
        // RFC 9110 §11.6.1: a 401 names the scheme it wants (RFC 6750 for Bearer).
        expect(answer.headers.get('www-authenticate'), `${method} ${path}`).toMatch(/^Bearer realm="skafu-ai"/);
      }
    }
    expect(fake.messageCount()).toBe(before);
  });

  it('a revoked key answers 401 from then on', async () => {
    const key = await svc.key('org-a', 'temp');
    expect((await call(`${svc.url}/v1/usage`, { key })).status).toBe(200);
    const [record] = (await svc.store.apiKeys.list('org-a')).filter((k) => k.userId === 'temp');
    await svc.store.apiKeys.revoke(record!.id, new Date().toISOString());
    expect((await call(`${svc.url}/v1/usage`, { key })).status).toBe(401);
  });

  it('public routes need no key', async () => {
    for (const path of ['/healthz', '/metrics', '/openapi.json', '/docs', '/']) expect((await call(`${svc.url}${path}`)).status).toBe(200);
  });
});

describe('tenant isolation: organisation B never reads, lists, streams or hits the cache of organisation A', () => {
  it('reads, lists and event streams of another organisation\'s resources answer 404 or nothing', async () => {
    const analysis = await call<{ id: string }>(`${svc.url}/v1/analyses`, { key: adminA, body: analysisBody('Org A secret project plan', 'shared-name') });
    const generation = await call<{ id: string }>(`${svc.url}/v1/generations`, { key: adminA, body: { projectId: 'shared-name', generationType: 'api', specification: 'Org A API' } });
    expect([analysis.status, generation.status]).toEqual([201, 201]);

    for (const path of [`/v1/analyses/${analysis.body.id}`, `/v1/generations/${generation.body.id}`, `/v1/analyses/${analysis.body.id}/events`, `/v1/generations/${generation.body.id}/events`]) {
      const answer = await call<ErrorBody>(`${svc.url}${path}`, { key: adminB });
      expect(answer.status, path).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
      expect(JSON.stringify(answer.body)).not.toContain('Org A');
    }
    // An analysis id asked for on the generation route (and the reverse) is not found either.
    expect((await call(`${svc.url}/v1/generations/${analysis.body.id}`, { key: adminA })).status).toBe(404);

    for (const path of ['/v1/projects/shared-name/analyses', '/v1/projects/shared-name/generations']) {
      const answer = await call<{ items: unknown[] }>(`${svc.url}${path}`, { key: adminB });
      expect(answer.status).toBe(200);
      expect(answer.body.items).toEqual([]);
      const own = await call<{ items: unknown[] }>(`${svc.url}${path}`, { key: memberA });
      expect(own.body.items).toHaveLength(1);
    }
  });

  it('the same input from organisation B is a cache miss (a fresh upstream call); from a colleague in A it is a hit', async () => {
    const body = analysisBody('Identical input in two organisations');
    const first = await call(`${svc.url}/v1/analyses`, { key: adminA, body });
    expect(first.body.cached).toBe(false);
    const before = fake.messageCount();
    const other = await call(`${svc.url}/v1/analyses`, { key: adminB, body });
    expect(other.status).toBe(201);
    expect(other.body.cached).toBe(false);
    expect(fake.messageCount()).toBe(before + 1);
    const colleague = await call(`${svc.url}/v1/analyses`, { key: memberA, body });
    expect(colleague.body.cached).toBe(true);
    expect(fake.messageCount()).toBe(before + 1);
  });

  it('usage and limits: admins see their organisation, members only themselves, nobody another organisation', async () => {
    await call(`${svc.url}/v1/analyses`, { key: memberA, body: analysisBody('member work') });
    const orgUsage = await call<{ scope: { orgId: string; userId: string | null }; totalRequests: number }>(`${svc.url}/v1/usage?days=7`, { key: adminA });
    expect(orgUsage.status).toBe(200);
    expect(orgUsage.body.scope).toEqual({ orgId: 'org-a', userId: null });
    const ownUsage = await call<{ scope: { orgId: string; userId: string | null }; totalRequests: number }>(`${svc.url}/v1/usage?days=7&orgWide=false`, { key: adminA });
    expect(ownUsage.body.scope).toEqual({ orgId: 'org-a', userId: 'alice' });
    const memberUsage = await call<{ scope: { orgId: string; userId: string | null }; totalRequests: number }>(`${svc.url}/v1/usage?days=7`, { key: memberA });
    expect(memberUsage.body.scope).toEqual({ orgId: 'org-a', userId: 'arthur' });
    expect(orgUsage.body.totalRequests).toBeGreaterThan(memberUsage.body.totalRequests);
    expect(orgUsage.body.totalRequests).toBe(ownUsage.body.totalRequests + memberUsage.body.totalRequests);

    const forbidden = await call<ErrorBody>(`${svc.url}/v1/usage?orgWide=true`, { key: memberA });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');
    expect((await call(`${svc.url}/v1/limits?orgWide=true`, { key: memberA })).status).toBe(403);

    const orgLimits = await call<{ orgId: string; limits: { scope: string }[] }>(`${svc.url}/v1/limits`, { key: adminA });
    expect(orgLimits.body.orgId).toBe('org-a');
    expect(orgLimits.body.limits.some((l) => l.scope === 'organization')).toBe(true);
    const memberLimits = await call<{ userId: string; limits: { scope: string }[] }>(`${svc.url}/v1/limits`, { key: memberA });
    expect(memberLimits.body.userId).toBe('arthur');

    const scopes = async (path: string, key: string): Promise<string[]> =>
      [...new Set((await call<{ limits: { scope: string }[] }>(`${svc.url}${path}`, { key })).body.limits.map((l) => l.scope))].sort();
    expect(await scopes('/v1/limits', adminA)).toEqual(['organization']);
    expect(await scopes('/v1/limits?orgWide=false', adminA)).toEqual(['organization', 'user']);
    expect(await scopes('/v1/limits', memberA)).toEqual(['organization', 'user']);
    const doc = (await call<{ paths: Record<string, { get: { description: string } }> }>(`${svc.url}/openapi.json`)).body;
    expect(doc.paths['/v1/limits']?.get.description).toMatch(/organisation's limits \(`perOrganization\.\*`\) unless `orgWide=false`.*user limits \(`perUser\.\*`\)/);

    const bUsage = await call<{ scope: { orgId: string }; totalRequests: number; byOperation: Record<string, unknown> }>(`${svc.url}/v1/usage`, { key: adminB });
    expect(bUsage.body.scope.orgId).toBe('org-b');
    expect(bUsage.body.totalRequests).toBe(1);
  });
});
