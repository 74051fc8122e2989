import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { analysisBody, call, until } from './support/client.js';
import { startTestService, type TestService } from './support/test-service.js';

let fake: FakeAnthropic;
const services: TestService[] = [];

beforeAll(async () => { fake = await startFakeAnthropic(); });
afterAll(async () => {
  for (const svc of services) await svc.close();
  await fake?.close();
});

describe('graceful shutdown', () => {
  it('finishes in-flight jobs and requests within the deadline, then refuses new connections', async () => {
    fake.configure({ latencyMs: 400 });
    const svc = await startTestService({ anthropicUrl: fake.url, shutdownDeadlineMs: 20_000 });
    const key = await svc.key('acme', 'ann');
    const job = await call<{ id: string }>(`${svc.url}/v1/analyses?async=true`, { key, body: analysisBody('finish me') });
    const inFlight = call(`${svc.url}/v1/analyses`, { key, body: analysisBody('sync in flight') });
    await until(async () => fake.messageCount() >= 2);
    const started = Date.now();
    await svc.service.close();
    // Well inside the deadline: nothing (keep-alive sockets included) holds the shutdown open.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await inFlight).status).toBe(201);
    expect((await svc.app.getAnalysis({ orgId: 'acme', userId: 'ann' }, job.body.id)).status).toBe('completed');
    expect((await svc.store.jobs.get(job.body.id))?.state).toBe('done');
    await expect(fetch(`${svc.url}/healthz`)).rejects.toThrow();
    await svc.store.close();
    fake.configure({ latencyMs: 0 });
  });

  it('a request reaching the server while it drains (on a connection it had) answers 503 in the contract\'s shape with Retry-After', async () => {
    fake.configure({ latencyMs: 1_000 });
    const svc = await startTestService({ anthropicUrl: fake.url, shutdownDeadlineMs: 20_000 });
    const key = await svc.key('acme', 'ann');
    const before = fake.messageCount();
    const job = await call<{ id: string }>(`${svc.url}/v1/analyses?async=true`, { key, body: analysisBody('keep the drain open') });
    await until(async () => fake.messageCount() > before);
    const { hostname, port } = new URL(svc.url);
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => { answer += chunk; });
    const ended = new Promise((resolve) => socket.on('close', resolve));
    await new Promise((resolve) => socket.on('connect', resolve));
    // The request has begun on this connection before the shutdown, so closing it is not idle.
    socket.write('GET /v1/usage HTTP/1.1\r\nHost: x\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = svc.service.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.write(`Authorization: Bearer ${key}\r\n\r\n`);
    await ended;
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 503 /);
    expect(head.toLowerCase()).toContain('content-type: application/json; charset=utf-8');
    expect(head.toLowerCase()).toMatch(/retry-after: \d+/);
    expect(head.toLowerCase()).toContain('x-content-type-options: nosniff');
    expect(JSON.parse(body)).toEqual({ error: { code: 'shutting_down', message: expect.stringContaining('shutting down') as string } });
    await closing;
    expect((await svc.app.getAnalysis({ orgId: 'acme', userId: 'ann' }, job.body.id)).status).toBe('completed');
    await svc.store.close();
    fake.configure({ latencyMs: 0 });
  });

  it('ends open event streams with an error event saying the server shuts down and when to reconnect', async () => {
    fake.configure({ latencyMs: 1_000 });
    const svc = await startTestService({ anthropicUrl: fake.url, shutdownDeadlineMs: 20_000 });
    const key = await svc.key('acme', 'ann');
    const before = fake.messageCount();
    const job = await call<{ id: string }>(`${svc.url}/v1/analyses?async=true`, { key, body: analysisBody('watched while the server stops') });
    await until(async () => fake.messageCount() > before);
    const res = await fetch(`${svc.url}/v1/analyses/${job.body.id}/events`, { headers: { authorization: `Bearer ${key}` } });
    const reader = res.body!.getReader();
    let text = new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('event: status');
    await svc.service.close();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
    const last = text.trim().split('\n\n').at(-1)!;
    expect(last).toMatch(/^retry: \d+\nevent: error\ndata: /);
    expect(JSON.parse(last.split('data: ')[1]!)).toEqual({ error: { code: 'shutting_down', message: expect.stringContaining('reconnect') as string } });
    expect((await svc.app.getAnalysis({ orgId: 'acme', userId: 'ann' }, job.body.id)).status).toBe('completed');
    await svc.store.close();
    fake.configure({ latencyMs: 0 });
  });

  it('stops synchronous calls still running at the deadline: the client gets 503, the analysis fails and its reservation is released', async () => {
    fake.configure({ latencyMs: 5_000 });
    const svc = await startTestService({ anthropicUrl: fake.url, shutdownDeadlineMs: 300 });
    const identity = { orgId: 'acme', userId: 'ann' };
    const key = await svc.key(identity.orgId, identity.userId);
    const before = fake.messageCount();
    const waiting = call<{ error: { code: string; message: string } }>(`${svc.url}/v1/analyses`, { key, body: analysisBody('still thinking at shutdown', 'sync-stop') });
    // One whose client gave up holds no connection, yet must not be left running when the store closes.
    const controller = new AbortController();
    const abandoned = fetch(`${svc.url}/v1/generations`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ projectId: 'sync-stop', generationType: 'service', specification: 'abandoned at shutdown' }), signal: controller.signal,
    }).catch(() => null);
    await until(async () => fake.messageCount() >= before + 2);
    controller.abort();
    await abandoned;
    const started = Date.now();
    await svc.service.close();
    expect(Date.now() - started).toBeLessThan(4_000);
    const answer = await waiting;
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(answer.body.error.code).toBe('shutting_down');
    const analyses = await svc.app.listAnalyses(identity, 'sync-stop', { limit: 10, cursor: null });
    const generations = await svc.app.listGenerations(identity, 'sync-stop', { limit: 10, cursor: null });
    expect([...analyses.items, ...generations.items].map((item) => item.status)).toEqual(['failed', 'failed']);
    const limits = await svc.app.limits(identity, { orgWide: false });
    expect(limits.limits.filter((limit) => limit.unit === 'concurrent').map((limit) => limit.used)).toEqual([0, 0]);
    await svc.store.close();
    fake.configure({ latencyMs: 0 });
  });

  it('hands a job still running at the deadline back to the queue, and another server completes it', async () => {
    fake.configure({ latencyMs: 5_000 });
    const first = await startTestService({ anthropicUrl: fake.url, shutdownDeadlineMs: 200 });
    services.push(first);
    const key = await first.key('acme', 'ann');
    const job = await call<{ id: string }>(`${first.url}/v1/analyses?async=true`, { key, body: analysisBody('hand me back') });
    const before = fake.messageCount();
    await until(async () => fake.messageCount() > before);
    await first.service.close();
    // Stopped on purpose, not failed: the claim is refunded, so the job keeps both of its attempts.
    expect(await first.store.jobs.get(job.body.id)).toMatchObject({ state: 'queued', attempts: 0 });
    expect((await first.app.getAnalysis({ orgId: 'acme', userId: 'ann' }, job.body.id)).status).toBe('queued');

    // Handed back once more: shutdowns alone never use up its retry and time it out.
    const middle = await startTestService({ anthropicUrl: fake.url, dbPath: first.dbPath, shutdownDeadlineMs: 200 });
    services.push(middle);
    const seen = fake.messageCount();
    await until(async () => fake.messageCount() > seen);
    await middle.service.close();
    expect(await middle.store.jobs.get(job.body.id)).toMatchObject({ state: 'queued', attempts: 0 });
    expect((await middle.app.getAnalysis({ orgId: 'acme', userId: 'ann' }, job.body.id)).status).toBe('queued');

    fake.configure({ latencyMs: 0 });
    const second = await startTestService({ anthropicUrl: fake.url, dbPath: first.dbPath });
    services.push(second);
    const done = await until(async () => {
      const r = await call<{ status: string }>(`${second.url}/v1/analyses/${job.body.id}`, { key });
      return r.body.status === 'completed' ? r : null;
    });
    expect(done.status).toBe(200);

    // Each hand-back queued the job again (one Retried event); none claimed it ended.
    const events = (await second.store.outbox.claim(1_000, new Date().toISOString(), 60_000)).map((e) => e.event).filter((e) => e.aggregateId === job.body.id);
    expect(events.map((e) => e.name)).toEqual([
      'AIAnalysisStarted', 'AIAnalysisRetried', 'AIAnalysisStarted', 'AIAnalysisRetried', 'AIAnalysisStarted', 'AIAnalysisCompleted',
    ]);
    expect(events.filter((e) => e.name === 'AIAnalysisRetried').map((e) => e.payload)).toEqual([
      { projectId: 'p1', attempt: 2, reason: 'handed_back' },
      { projectId: 'p1', attempt: 3, reason: 'handed_back' },
    ]);
  });
});
