import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { analysisBody, call } from './support/client.js';
import { startTestService, type TestService } from './support/test-service.js';

type ErrorBody = { error: { code: string; message: string; fields?: string[] } };
type Page = { items: { id: string; createdAt: string }[]; nextCursor: string | null };
type Parameter = { name: string; in: string; schema: Record<string, unknown> };
type OpenApi = { paths: Record<string, Record<string, { parameters?: Parameter[] }>>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };

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

async function expectRefused(path: string, field: string, message: RegExp): Promise<void> {
  const answer = await call<ErrorBody>(`${svc.url}${path}`, { key });
  expect(answer.status, path).toBe(400);
  expect(answer.body.error.code, path).toBe('invalid_input');
  expect(answer.body.error.fields, path).toEqual([field]);
  expect(answer.body.error.message, path).toMatch(message);
  expect(answer.body.error.message, path).not.toMatch(/NaN|expected number/);
}

describe('query parameters of lists and usage', () => {
  it('pages of a project run newest first and follow nextCursor to the end', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const created = await call<{ id: string }>(`${svc.url}/v1/analyses`, { key, body: analysisBody(`Paged ${i}: a library with loans`, 'paged') });
      ids.push(created.body.id);
    }
    const first = await call<Page>(`${svc.url}/v1/projects/paged/analyses?limit=2`, { key });
    expect(first.status).toBe(200);
    expect(first.body.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call<Page>(`${svc.url}/v1/projects/paged/analyses?limit=2&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`, { key });
    expect(second.body.items.map((item) => item.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('a limit that is not a whole number from 1 to 100 in decimal digits is 400 naming query.limit', async () => {
    for (const list of ['analyses', 'generations']) {
      for (const limit of ['0', '101', 'abc', '', '2.5', '0x10', '1e1', '%207', '-1']) {
        await expectRefused(`/v1/projects/p1/${list}?limit=${limit}`, 'query.limit', /whole number from 1 to 100/);
      }
      await expectRefused(`/v1/projects/p1/${list}?limit=5&limit=6`, 'query.limit', /whole number from 1 to 100/);
    }
  });

  it('a cursor the service did not hand out is 400 naming query.cursor, like the other query parameters', async () => {
    for (const list of ['analyses', 'generations']) {
      await expectRefused(`/v1/projects/p1/${list}?cursor=garbage`, 'query.cursor', /cursor/);
      await expectRefused(`/v1/projects/p1/${list}?cursor=eyJjIjoxfQ`, 'query.cursor', /cursor/);
      await expectRefused(`/v1/projects/p1/${list}?cursor=`, 'query.cursor', /nextCursor/);
    }
  });

  it('days that is not a whole number from 1 to 366 in decimal digits is 400 naming query.days', async () => {
    for (const days of ['0', '367', 'abc', '', '1.5', '0x10', '1e1', '-7']) {
      await expectRefused(`/v1/usage?days=${days}`, 'query.days', /whole number from 1 to 366/);
    }
    const week = await call<{ dateRange: { days: number } }>(`${svc.url}/v1/usage?days=7`, { key });
    expect(week.body.dateRange.days).toBe(7);
    const fallback = await call<{ dateRange: { days: number } }>(`${svc.url}/v1/usage`, { key });
    expect(fallback.body.dateRange.days).toBe(30);
  });

  it('the OpenAPI document describes limit and days as bounded integers with their defaults, cursor and nextCursor as strings', async () => {
    const doc = (await call<OpenApi>(`${svc.url}/openapi.json`)).body;
    const parameter = (path: string, name: string): Record<string, unknown> | undefined =>
      doc.paths[path]?.get?.parameters?.find((p) => p.name === name && p.in === 'query')?.schema;
    for (const path of ['/v1/projects/{projectId}/analyses', '/v1/projects/{projectId}/generations']) {
      expect(parameter(path, 'limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
      expect(parameter(path, 'cursor')).toMatchObject({ type: 'string' });
    }
    expect(parameter('/v1/usage', 'days')).toMatchObject({ type: 'integer', minimum: 1, maximum: 366, default: 30 });
    expect(doc.components.schemas.AnalysisPage?.properties.nextCursor).toEqual({ type: ['string', 'null'] });
    expect(doc.components.schemas.GenerationPage?.properties.nextCursor).toEqual({ type: ['string', 'null'] });
  });
});
