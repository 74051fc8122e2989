import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenario, startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { analysisBody, call, until, type Answer } from './support/client.js';
import { startTestService, type TestService } from './support/test-service.js';

type ErrorBody = { error: { code: string; message: string; fields?: string[] } };

const JSON_TYPE = 'application/json; charset=utf-8';

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

/** The contract's error shape, as JSON, with the service's security headers. */
function expectContractError(answer: Answer<unknown>, status: number, what: string): ErrorBody {
  expect(answer.status, what).toBe(status);
  expect(answer.headers.get('content-type'), what).toBe(JSON_TYPE);
  expect(answer.headers.get('x-content-type-options'), what).toBe('nosniff');
  const body = answer.body as ErrorBody;
  expect(Object.keys(body), what).toEqual(['error']);
  expect(body.error.code, what).toMatch(/^[a-z_]+$/);
  expect(body.error.message, what).toEqual(expect.any(String));
  expect(JSON.stringify(body), what).not.toMatch(/FST_|statusCode/);
  return body;
}

describe('every error answer has the contract\'s shape', () => {
  it('a project id of 120 characters (valid) can be listed after it was used', async () => {
    const projectId = 'p'.repeat(120);
    const created = await call<{ id: string }>(`${svc.url}/v1/analyses`, { key, body: { projectId, analysisType: 'requirements', input: { requirements: 'A long-named project' } } });
    expect(created.status).toBe(201);
    const list = await call<{ items: { id: string }[] }>(`${svc.url}/v1/projects/${projectId}/analyses`, { key });
    expect(list.status).toBe(200);
    expect(list.body.items.map((item) => item.id)).toContain(created.body.id);
    expect((await call(`${svc.url}/v1/projects/${'q'.repeat(128)}/generations`, { key })).status).toBe(200);
  });

  it('over-long path parameters answer 400 naming the field, and 401 without a key', async () => {
    const cases: [string, string][] = [
      [`/v1/projects/${'p'.repeat(129)}/analyses`, 'path.projectId'],
      [`/v1/projects/${'p'.repeat(300)}/generations`, 'path.projectId'],
      [`/v1/analyses/${'a'.repeat(129)}`, 'path.id'],
      [`/v1/generations/${'g'.repeat(500)}`, 'path.id'],
      [`/v1/analyses/${'a'.repeat(200)}/events`, 'path.id'],
    ];
    for (const [path, field] of cases) {
      const refused = expectContractError(await call(`${svc.url}${path}`, { key }), 400, path);
      expect(refused.error.code).toBe('invalid_input');
      expect(refused.error.fields).toEqual([field]);
      expect(expectContractError(await call(`${svc.url}${path}`), 401, `${path} without a key`).error.code).toBe('unauthorized');
    }
  });

  it('an unknown id over 100 characters (Fastify\'s default limit) is looked up: 404, or 401 without a key', async () => {
    for (const path of [`/v1/analyses/${'a'.repeat(101)}`, `/v1/generations/${'g'.repeat(128)}`]) {
      expect(expectContractError(await call(`${svc.url}${path}`, { key }), 404, path).error.code).toBe('not_found');
      expect(expectContractError(await call(`${svc.url}${path}`), 401, `${path} without a key`).error.code).toBe('unauthorized');
    }
  });

  it('a path segment too long for the router answers 404 in the contract\'s shape', async () => {
    for (const path of [`/v1/analyses/${'a'.repeat(5_000)}`, `/v1/projects/${'p'.repeat(5_000)}/analyses`]) {
      for (const credentials of [key, null]) {
        const answer = expectContractError(await call(`${svc.url}${path}`, { key: credentials }), 404, `${path.slice(0, 20)} key=${String(credentials !== null)}`);
        expect(answer.error.code).toBe('not_found');
      }
    }
  });

  it('a malformed percent-escape answers 400 bad_url, with or without a key', async () => {
    for (const path of ['/v1/analyses/%E0%A4%A', '/v1/projects/%FF/analyses']) {
      for (const credentials of [key, null]) {
        const answer = expectContractError(await call(`${svc.url}${path}`, { key: credentials }), 400, path);
        expect(answer.error.code).toBe('bad_url');
        expect(answer.error.message).toContain('encodeURIComponent');
      }
    }
    // Answered by the router, yet counted like every other request.
    expect((await call<string>(`${svc.url}/metrics`)).body).toContain('skafu_http_requests_total{method="GET",route="unmatched",status="400"} 4');
  });

  it('unknown routes answer 404 JSON with its content type', async () => {
    for (const [method, path] of [['GET', '/nope'], ['DELETE', '/v1/analyses/x'], ['GET', '/v1/nothing?x=1']] as const) {
      const answer = expectContractError(await call(`${svc.url}${path}`, { method }), 404, `${method} ${path}`);
      expect(answer.error.code).toBe('not_found');
    }
  });

  it('a body that is not JSON answers 415 asking for JSON, whatever its media type', async () => {
    const calls = fake.messageCount();
    for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
      const answer = expectContractError(await call(`${svc.url}/v1/analyses`, { key, rawBody: JSON.stringify(analysisBody()), headers: { 'content-type': type } }), 415, type);
      expect(answer.error).toMatchObject({ code: 'unsupported_media_type', message: expect.stringContaining('Content-Type: application/json') });
    }
    expect(fake.messageCount()).toBe(calls);
  });

  it('/openapi.json is JSON with the same content type as the other JSON routes', async () => {
    const healthz = await call(`${svc.url}/healthz`);
    expect(healthz.headers.get('content-type')).toBe(JSON_TYPE);
    const openapi = await call<{ openapi: string }>(`${svc.url}/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(openapi.headers.get('content-type')).toBe(JSON_TYPE);
    expect(openapi.body.openapi).toBe('3.1.0');
  });
});

/** Sends raw bytes on a new connection and reads the whole answer until the server closes it. */
function rawExchange(url: string, bytes: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => { text += chunk; });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

describe('requests refused by the HTTP parser', () => {
  it('headers over 16 KiB (431) and a request that is not HTTP (400) answer in the contract\'s shape, with the security headers', async () => {
    const cases: [string, number, string][] = [
      [`GET /v1/usage HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nX-Padding: ${'p'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
      ['HELLO THERE\r\n\r\n', 400, 'bad_request'],
      ['POST /v1/sanitize HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nnot-a-chunk-size\r\n\r\n', 400, 'bad_request'],
    ];
    for (const [bytes, status, code] of cases) {
      const answer = await rawExchange(svc.url, bytes);
      expect(answer.status, code).toBe(status);
      expect(answer.headers['content-type']).toBe(JSON_TYPE);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.headers.connection).toBe('close');
      const body = JSON.parse(answer.body) as ErrorBody;
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error.code).toBe(code);
      expect(body.error.message).toEqual(expect.any(String));
      expect(answer.body).not.toMatch(/statusCode|Client Error/);
    }
  });
});

describe('unknown fields are named', () => {
  it('a field the request does not know answers 400 naming that field, not the object holding it', async () => {
    const before = fake.messageCount();
    const refusals: [string, Record<string, unknown>, string[]][] = [
      ['/v1/analyses', { ...analysisBody(), extra: 1 }, ['extra']],
      ['/v1/analyses?async=true', { ...analysisBody(), priority: 'high', model: 'x' }, ['priority', 'model']],
      ['/v1/generations', { generationType: 'service', specification: 'orders', temperature: 0.2 }, ['temperature']],
      ['/v1/sanitize', { text: 'hello', lang: 'en' }, ['lang']],
      ['/v1/validate', { files: [{ path: 'a.js', content: 'x', mode: 420 }] }, ['files.0.mode']],
      ['/v1/analyses', { analysisType: 'astrology', input: { requirements: 'x' }, extra: 1 }, ['analysisType', 'extra']],
    ];
    for (const [path, body, fields] of refusals) {
      const refused = expectContractError(await call(`${svc.url}${path}`, { key, body }), 400, `${path} ${JSON.stringify(body)}`);
      expect(refused.error.code).toBe('invalid_input');
      expect(refused.error.fields, path).toEqual(fields);
      for (const field of fields) expect(refused.error.message).toContain(field);
    }
    expect(fake.messageCount()).toBe(before);
  });
});

describe('inputs empty in substance are refused before any model call', () => {
  it('analyses with only empty values and generations with an empty specification answer 400 naming the field', async () => {
    const before = fake.messageCount();
    const refusals: [string, Record<string, unknown>, string][] = [
      ['/v1/analyses', { analysisType: 'requirements', input: { requirements: '' } }, 'input'],
      ['/v1/analyses', { analysisType: 'requirements', input: { requirements: null } }, 'input'],
      ['/v1/analyses?async=true', { analysisType: 'requirements', input: { requirements: '  \n', context: {} } }, 'input'],
      ['/v1/generations', { generationType: 'service', specification: {} }, 'specification'],
      ['/v1/generations?async=true', { generationType: 'api', specification: '   ' }, 'specification'],
    ];
    for (const [path, body, field] of refusals) {
      const refused = expectContractError(await call(`${svc.url}${path}`, { key, body }), 400, `${path} ${JSON.stringify(body)}`);
      expect(refused.error.code).toBe('invalid_input');
      expect(refused.error.fields).toEqual([field]);
      expect(refused.error.message).toContain(field);
    }
    expect(fake.messageCount()).toBe(before);
    expect(await svc.store.jobs.countQueued()).toBe(0);
  });

  it('an input with some content beside empty values is still analysed', async () => {
    const created = await call(`${svc.url}/v1/analyses`, { key, body: { analysisType: 'requirements', input: { requirements: 'A booking service', context: {} } } });
    expect(created.status).toBe(201);
  });
});

describe('a reached Anthropic spend limit is told apart from an outage', () => {
  it('a synchronous call answers 503 saying the spend limit is reached and retrying will not help, without Retry-After', async () => {
    fake.enqueue(scenario.spendLimit());
    const answer = await call(`${svc.url}/v1/analyses`, { key, body: analysisBody(`Spend limit, sync ${Math.random()}`) });
    const refused = expectContractError(answer, 503, 'spend limit');
    expect(refused.error.code).toBe('model_unavailable');
    expect(refused.error.message).toMatch(/spend limit/);
    expect(refused.error.message).toMatch(/Retrying will not help/);
    expect(refused.error.message).not.toMatch(/retry later|req_fake/i);
    expect(answer.headers.get('retry-after')).toBeNull();
  });

  it('an async job stores the spend-limit message as its errorMessage', async () => {
    fake.enqueue(scenario.spendLimit());
    const submitted = await call<{ id: string }>(`${svc.url}/v1/analyses?async=true`, { key, body: analysisBody(`Spend limit, async ${Math.random()}`) });
    expect(submitted.status).toBe(202);
    const failed = await until(async () => {
      const r = await call<{ status: string; errorMessage?: string }>(`${svc.url}/v1/analyses/${submitted.body.id}`, { key });
      return r.body.status === 'failed' ? r : null;
    });
    expect(failed.body.errorMessage).toMatch(/spend limit/);
    expect(failed.body.errorMessage).toMatch(/not retried/);
  });
});
