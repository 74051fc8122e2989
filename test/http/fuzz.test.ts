import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_TYPES, GENERATION_TYPES } from '../../src/domain/operations.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { call } from './support/client.js';
import { startTestService, type TestService } from './support/test-service.js';

let fake: FakeAnthropic;
let svc: TestService;
let key: string;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  svc = await startTestService({ anthropicUrl: fake.url, options: { requestsPerMinutePerKey: null } });
  key = await svc.key('fuzz', 'fuzzer', 'admin');
});
afterAll(async () => {
  await svc?.close();
  await fake?.close();
});

const json = fc.jsonValue({ maxDepth: 4 });
const oddString = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('', ' ', '../../etc/passwd', '__proto__', 'constructor', '%00', '\u0000', 'a'.repeat(300)));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Bodies near the valid shape (each field valid, wrong or missing) and arbitrary JSON. */
const analysisBody = fc.oneof(
  { arbitrary: json, weight: 1 },
  { arbitrary: fc.record({
    projectId: maybe(fc.oneof(oddString, json)),
    analysisType: maybe(fc.oneof(fc.constantFrom(...ANALYSIS_TYPES), oddString, json)),
    input: maybe(fc.oneof(fc.dictionary(oddString, json, { maxKeys: 4 }), json)),
  }, { requiredKeys: [] }), weight: 2 },
  { arbitrary: fc.record({ projectId: maybe(fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/)), analysisType: fc.constantFrom(...ANALYSIS_TYPES), input: fc.dictionary(oddString, json, { minKeys: 1, maxKeys: 3 }) }), weight: 3 },
);
const generationBody = fc.oneof(
  json,
  fc.record({
    projectId: maybe(fc.oneof(oddString, json)),
    generationType: maybe(fc.oneof(fc.constantFrom(...GENERATION_TYPES), oddString)),
    specification: maybe(json),
    templateContext: maybe(json),
  }, { requiredKeys: [] }),
  fc.record({ generationType: fc.constantFrom(...GENERATION_TYPES), specification: fc.oneof(oddString, fc.dictionary(oddString, json, { maxKeys: 3 })) }),
);
const toolBody = fc.oneof(
  json,
  fc.record({ text: fc.oneof(oddString, json) }, { requiredKeys: [] }),
  fc.record({ files: fc.oneof(json, fc.array(fc.record({ path: oddString, content: fc.oneof(oddString, json) }, { requiredKeys: [] }), { maxLength: 3 })) }, { requiredKeys: [] }),
);
const query = fc.oneof(fc.constant(''), fc.constantFrom('?async=true', '?async=1', '?async=yes', '?noCache=true', '?limit=-1', '?limit=abc', '?days=0', '?days=99999', '?orgWide=maybe', '?cursor=%FF%FE', '?cursor=eyJ4Ijox'), oddString.map((s) => `?${encodeURIComponent(s)}=${encodeURIComponent(s)}`));
const rawBody = fc.oneof(fc.string(), fc.constantFrom('{', '[]', 'null', '{"__proto__": {"polluted": true}}', '{"constructor": {"prototype": {"x": 1}}}', '\u0000', '1e999'));

function noServerError(status: number, what: string): void {
  expect(status, what).toBeLessThan(500);
}

describe('fuzzed requests never produce a 5xx', () => {
  it('POST bodies on every write route, sync and async', async () => {
    await fc.assert(fc.asyncProperty(
      fc.oneof(
        { arbitrary: fc.tuple(fc.constant('/v1/analyses'), analysisBody), weight: 3 },
        { arbitrary: fc.tuple(fc.constant('/v1/generations'), generationBody), weight: 2 },
        { arbitrary: fc.tuple(fc.constantFrom('/v1/sanitize', '/v1/validate'), toolBody), weight: 1 },
      ),
      query,
      async ([path, body], q) => {
        const answer = await call(`${svc.url}${path}${q}`, { key, body });
        noServerError(answer.status, `${path}${q} ${JSON.stringify(body).slice(0, 200)}`);
      },
    ), { numRuns: 250 });
    // The generators reach the model too, not only the validation layer (async jobs may still be running).
    expect(fake.messageCount() + (await svc.store.jobs.countQueued())).toBeGreaterThan(20);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('raw bodies and content types', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('/v1/analyses', '/v1/generations', '/v1/sanitize', '/v1/validate'),
      rawBody,
      fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data'),
      async (path, body, contentType) => {
        const answer = await call(`${svc.url}${path}`, { key, rawBody: body, headers: { 'content-type': contentType } });
        noServerError(answer.status, `${path} ${contentType} ${body.slice(0, 100)}`);
      },
    ), { numRuns: 120 });
  });

  it('ids, project ids and query strings on every read route', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('/v1/analyses/{}', '/v1/generations/{}', '/v1/projects/{}/analyses', '/v1/projects/{}/generations', '/v1/usage', '/v1/limits'),
      oddString,
      query,
      async (template, id, q) => {
        const answer = await call(`${svc.url}${template.replace('{}', encodeURIComponent(id))}${q}`, { key });
        noServerError(answer.status, `${template} ${JSON.stringify(id)} ${q}`);
      },
    ), { numRuns: 200 });
  });
});
