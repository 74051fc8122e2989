import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { analysisBody, call, until } from './support/client.js';
import { startTestService, type TestService } from './support/test-service.js';

let fake: FakeAnthropic;
let svc: TestService;
let key: string;
const logLines: string[] = [];

beforeAll(async () => {
  fake = await startFakeAnthropic();
  svc = await startTestService({ anthropicUrl: fake.url, logLines });
  key = await svc.key('acme', 'ann');
});
afterAll(async () => {
  await svc?.close();
  await fake?.close();
});

async function metrics(): Promise<string> {
  return (await call<string>(`${svc.url}/metrics`)).body;
}

function requestLogs(): { route?: string; status?: number; aborted?: boolean; msg?: string }[] {
  return logLines.map((line) => JSON.parse(line) as { route?: string; status?: number; aborted?: boolean; msg?: string }).filter((entry) => entry.msg === 'request');
}

describe('a client that disconnects before its answer is complete', () => {
  it('a synchronous call given up by its client is counted (499) and logged, and still completes', async () => {
    fake.configure({ latencyMs: 1_500 });
    try {
      const body = analysisBody('Given up: a slow inventory service', 'gone');
      await expect(fetch(`${svc.url}/v1/analyses`, {
        method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body), signal: AbortSignal.timeout(300),
      })).rejects.toThrow();
      await until(async () => (await metrics()).includes('skafu_http_requests_total{method="POST",route="/v1/analyses",status="499"} 1'));
      expect(requestLogs()).toContainEqual(expect.objectContaining({ route: '/v1/analyses', status: 499, aborted: true }));
      const done = await until(async () => {
        const list = await call<{ items: { status: string }[] }>(`${svc.url}/v1/projects/gone/analyses`, { key });
        return list.body.items[0]?.status === 'completed' ? list.body.items[0] : null;
      });
      expect(done.status).toBe('completed');
    } finally {
      fake.configure({ latencyMs: 0 });
    }
  });

  it('an event stream closed by its client while the job runs is counted with its 200 and logged', async () => {
    fake.configure({ latencyMs: 1_500 });
    try {
      const submitted = await call<{ id: string }>(`${svc.url}/v1/analyses?async=true`, { key, body: analysisBody('Watched, then left') });
      const controller = new AbortController();
      const res = await fetch(`${svc.url}/v1/analyses/${submitted.body.id}/events`, { headers: { authorization: `Bearer ${key}` }, signal: controller.signal });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toContain('event: status');
      controller.abort();
      await until(async () => (await metrics()).includes('skafu_http_requests_total{method="GET",route="/v1/analyses/:id/events",status="200"} 1'));
      expect(requestLogs()).toContainEqual(expect.objectContaining({ route: '/v1/analyses/:id/events', status: 200, aborted: true }));
      await until(async () => (await call<{ status: string }>(`${svc.url}/v1/analyses/${submitted.body.id}`, { key })).body.status === 'completed');
    } finally {
      fake.configure({ latencyMs: 0 });
    }
  });

  it('a complete answer is counted once, not again when its connection closes', async () => {
    const before = (await metrics()).match(/skafu_http_requests_total\{method="GET",route="\/v1\/usage",status="200"\} (\d+)/)?.[1] ?? '0';
    expect((await call(`${svc.url}/v1/usage`, { key, headers: { connection: 'close' } })).status).toBe(200);
    await until(async () => (await metrics()).includes(`skafu_http_requests_total{method="GET",route="/v1/usage",status="200"} ${Number(before) + 1}`));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await metrics()).toContain(`skafu_http_requests_total{method="GET",route="/v1/usage",status="200"} ${Number(before) + 1}`);
  });
});
