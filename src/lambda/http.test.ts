import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAIIntegrationFromEnv } from '../app/bootstrap.js';
import { parseConfig, resolveConfig } from '../config/load-config.js';
import { createApiKey } from '../http/auth/create-api-key.js';
import { systemClock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { openTempSqliteStore } from '../store/sqlite/test-support/temp-store.js';
import { startFakeAnthropic, type FakeAnthropic } from '../../test/support/fake-anthropic.js';
import { createHttpLambdaHandler, type HttpLambdaHandler } from './http.js';

let fake: FakeAnthropic;
let store: Store;
let cleanup: () => Promise<void>;
let handler: HttpLambdaHandler;
let builds = 0;

const context = { awsRequestId: 'lambda-req-1', getRemainingTimeInMillis: () => 29_000 } as unknown as Context;

function event(method: string, path: string, options: { key?: string; body?: unknown; query?: string } = {}): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = { host: 'api.example.com', 'user-agent': 'test' };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return {
    version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: options.query ?? '', headers,
    // API Gateway sends the query both raw and parsed.
    ...(options.query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(options.query)) } : {}),
    requestContext: {
      accountId: '000000000000', apiId: 'api', domainName: 'api.example.com', domainPrefix: 'api', requestId: 'gw-1', routeKey: '$default',
      stage: '$default', time: new Date().toUTCString(), timeEpoch: Date.now(),
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    isBase64Encoded: false,
  };
}

beforeAll(async () => {
  fake = await startFakeAnthropic();
  ({ store, cleanup } = await openTempSqliteStore());
  const config = resolveConfig(parseConfig({ plans: { default: { perUser: { requestsPerMinute: null } } } }));
  handler = createHttpLambdaHandler({
    env: {},
    bootstrap: async () => {
      builds += 1;
      return createAIIntegrationFromEnv({ ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.url }, { config, store, logger: pino({ level: 'silent' }) });
    },
  });
});
afterAll(async () => {
  await cleanup?.();
  await fake?.close();
});

describe('Lambda handler for API Gateway HTTP API events (payload 2.0)', () => {
  it('serves the same routes as `serve`, built once per container', async () => {
    const { key } = await createApiKey(store, systemClock, { orgId: 'acme', userId: 'ann', role: 'admin' });
    const health = await handler(event('GET', '/healthz'), context);
    expect(health.statusCode).toBe(200);

    const created = await handler(event('POST', '/v1/analyses', { key, body: { projectId: 'lambda', analysisType: 'requirements', input: { requirements: 'A URL shortener' } } }), context);
    expect(created.statusCode).toBe(201);
    const result = JSON.parse(created.body ?? '{}') as { id: string; status: string; cached: boolean };
    expect(result).toMatchObject({ status: 'completed', cached: false });
    expect(created.headers?.['x-content-type-options']).toBe('nosniff');
    expect(fake.messageCount()).toBe(1);

    const read = await handler(event('GET', `/v1/analyses/${result.id}`, { key }), context);
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body ?? '{}')).toEqual(result);

    const listed = await handler(event('GET', '/v1/projects/lambda/analyses', { key, query: 'limit=5' }), context);
    expect((JSON.parse(listed.body ?? '{}') as { items: unknown[] }).items).toHaveLength(1);
    expect(builds).toBe(1);
  });

  it('answers 401 without a key and 404 for another organisation, as JSON', async () => {
    const { key } = await createApiKey(store, systemClock, { orgId: 'acme', userId: 'bob', role: 'member' });
    const { key: stranger } = await createApiKey(store, systemClock, { orgId: 'other', userId: 'eve', role: 'admin' });
    const created = await handler(event('POST', '/v1/analyses', { key, body: { analysisType: 'security', input: { design: 'an API' } } }), context);
    const { id } = JSON.parse(created.body ?? '{}') as { id: string };
    const anonymous = await handler(event('GET', `/v1/analyses/${id}`), context);
    expect(anonymous.statusCode).toBe(401);
    expect(JSON.parse(anonymous.body ?? '{}')).toMatchObject({ error: { code: 'unauthorized' } });
    const foreign = await handler(event('GET', `/v1/analyses/${id}`, { key: stranger }), context);
    expect(foreign.statusCode).toBe(404);
    expect(JSON.parse(foreign.body ?? '{}')).toMatchObject({ error: { code: 'not_found' } });
  });

  it('without a job queue refuses ?async=true before storing anything, and answers event streams 501: nothing here could serve them', async () => {
    const { key } = await createApiKey(store, systemClock, { orgId: 'acme', userId: 'cat', role: 'member' });
    const queuedBefore = await store.jobs.countQueued();
    const submitted = await handler(event('POST', '/v1/analyses', { key, query: 'async=true', body: { analysisType: 'requirements', input: { requirements: 'A queue-less job' } } }), context);
    expect(submitted.statusCode).toBe(501);
    expect(JSON.parse(submitted.body ?? '{}')).toMatchObject({ error: { code: 'async_unavailable', message: expect.stringContaining('send the request without it') } });
    expect(await store.jobs.countQueued()).toBe(queuedBefore);
    const anonymous = await handler(event('POST', '/v1/analyses', { query: 'async=true', body: { analysisType: 'requirements', input: { requirements: 'x' } } }), context);
    expect(anonymous.statusCode).toBe(401);

    const created = await handler(event('POST', '/v1/analyses', { key, body: { analysisType: 'requirements', input: { requirements: 'A synchronous one' } } }), context);
    const { id } = JSON.parse(created.body ?? '{}') as { id: string };
    const stream = await handler(event('GET', `/v1/analyses/${id}/events`, { key }), context);
    expect(stream.statusCode).toBe(501);
    expect(JSON.parse(stream.body ?? '{}')).toMatchObject({ error: { code: 'event_streams_unavailable', message: expect.stringContaining('GET /v1/analyses/{id}') } });
  });

  it('does not keep a failed build: the next invocation builds again', async () => {
    let attempts = 0;
    const flaky = createHttpLambdaHandler({
      env: {},
      bootstrap: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('secrets manager timed out');
        return createAIIntegrationFromEnv({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: fake.url }, { config: resolveConfig({}), store, logger: pino({ level: 'silent' }) });
      },
    });
    await expect(flaky(event('GET', '/healthz'), context)).rejects.toThrow('secrets manager timed out');
    expect((await flaky(event('GET', '/healthz'), context)).statusCode).toBe(200);
    expect(attempts).toBe(2);
  });
});
