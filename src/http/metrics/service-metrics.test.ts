import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../app/results.js';
import { UsageLimitExceededError } from '../../domain/errors.js';
import { createServiceMetrics } from './service-metrics.js';

function result(overrides: Partial<AnalysisResult> = {}): AnalysisResult {
  return {
    id: 'a1', projectId: 'p1', analysisType: 'project', status: 'completed', recommendations: [], confidenceScore: 1, output: null,
    tokensUsed: { input: 120, output: 30, cacheCreation: 0, cacheRead: 7 }, costUsd: 0.0042, cached: false, model: 'claude-test',
    createdAt: '2026-01-01T00:00:00.000Z', completedAt: '2026-01-01T00:00:01.000Z', redactions: [],
    ...overrides,
  };
}

function refusal(limit: string): UsageLimitExceededError {
  return new UsageLimitExceededError({ limit, scope: 'user', value: 1, current: 1, unit: 'requests' }, 'refused', 60);
}

describe('createServiceMetrics', () => {
  it('counts, observes and renders through its own registry in the text format', async () => {
    const metrics = createServiceMetrics({ queueDepth: async () => 3, jobsInFlight: () => 2 });
    const labels = { method: 'POST', route: '/v1/analyses', status: '201' };
    metrics.httpRequests.inc(labels);
    metrics.httpRequests.inc({ method: 'POST', route: '/v1/analyses', status: '201' }, 2);
    for (const seconds of [0.0005, 0.007, 0.2, 500]) metrics.httpDuration.observe(labels, seconds);
    metrics.recordResult('project_analysis', result());
    metrics.recordResult('project_analysis', result({ cached: true }));
    metrics.rateLimited.inc();
    metrics.jobs.inc({ outcome: 'completed' });

    expect(metrics.registry.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await metrics.registry.metrics();
    expect(text).toContain('# HELP skafu_http_requests_total HTTP requests by method, route and status.');
    expect(text).toContain('# TYPE skafu_http_requests_total counter');
    expect(text).toContain('skafu_http_requests_total{method="POST",route="/v1/analyses",status="201"} 3');
    expect(text).toContain('# TYPE skafu_http_request_duration_seconds histogram');
    const series = 'method="POST",route="/v1/analyses",status="201"';
    expect(text).toContain(`skafu_http_request_duration_seconds_bucket{le="0.001",${series}} 1`);
    expect(text).toContain(`skafu_http_request_duration_seconds_bucket{le="0.01",${series}} 2`);
    expect(text).toContain(`skafu_http_request_duration_seconds_bucket{le="0.25",${series}} 3`);
    expect(text).toContain(`skafu_http_request_duration_seconds_bucket{le="120",${series}} 3`);
    expect(text).toContain(`skafu_http_request_duration_seconds_bucket{le="+Inf",${series}} 4`);
    expect(text).toContain(`skafu_http_request_duration_seconds_sum{${series}} 500.2075`);
    expect(text).toContain(`skafu_http_request_duration_seconds_count{${series}} 4`);
    // The buckets of today: 16 bounds and +Inf per series.
    expect(text.split('\n').filter((line) => line.startsWith('skafu_http_request_duration_seconds_bucket{'))).toHaveLength(17);
    expect(text).toContain('skafu_model_calls_total{operation="project_analysis",model="claude-test",status="completed"} 1');
    expect(text).toContain('skafu_tokens_total{kind="input"} 120');
    expect(text).toContain('skafu_tokens_total{kind="output"} 30');
    expect(text).toContain('skafu_tokens_total{kind="cache_creation"} 0');
    expect(text).toContain('skafu_tokens_total{kind="cache_read"} 7');
    expect(text).toContain('skafu_cost_usd_total{operation="project_analysis",model="claude-test"} 0.0042');
    expect(text).toContain('skafu_cache_hits_total{operation="project_analysis"} 1');
    expect(text).toContain('skafu_rate_limited_total 1');
    expect(text).toContain('skafu_jobs_total{outcome="completed"} 1');
    expect(text).toContain('# TYPE skafu_job_queue_depth gauge');
    expect(text).toContain('skafu_job_queue_depth 3');
    expect(text).toContain('skafu_jobs_in_flight 2');
    expect(text).toMatch(new RegExp(`^skafu_process_pid ${process.pid}$`, 'm'));
    expect(text.endsWith('\n')).toBe(true);
  });

  it('reads the gauges at each scrape', async () => {
    let depth = 1;
    const metrics = createServiceMetrics({ queueDepth: async () => depth, jobsInFlight: () => depth * 10 });
    expect(await metrics.registry.metrics()).toContain('skafu_job_queue_depth 1\n');
    depth = 4;
    const text = await metrics.registry.metrics();
    expect(text).toContain('skafu_job_queue_depth 4\n');
    expect(text).toContain('skafu_jobs_in_flight 40\n');
  });

  it('escapes label values', async () => {
    const metrics = createServiceMetrics({ queueDepth: async () => 0, jobsInFlight: () => 0 });
    metrics.recordRefusal(refusal('a"b\\c\nd'));
    expect(await metrics.registry.metrics()).toContain('skafu_quota_refusals_total{limit="a\\"b\\\\c\\nd"} 1');
  });

  it('leaves a negative or non-finite amount uncounted instead of failing the request', async () => {
    const metrics = createServiceMetrics({ queueDepth: async () => 0, jobsInFlight: () => 0 });
    expect(() => metrics.recordResult('code_generation', result({ costUsd: Number.NaN, tokensUsed: { input: -1, output: 5, cacheCreation: Infinity, cacheRead: 0 } }))).not.toThrow();
    const text = await metrics.registry.metrics();
    expect(text).toContain('skafu_tokens_total{kind="output"} 5');
    expect(text).not.toContain('kind="input"');
    expect(text).not.toContain('kind="cache_creation"');
    expect(text).not.toContain('skafu_cost_usd_total{');
  });

  it('gives every service a registry of its own, not the global one', async () => {
    const a = createServiceMetrics({ queueDepth: async () => 0, jobsInFlight: () => 0 });
    const b = createServiceMetrics({ queueDepth: async () => 0, jobsInFlight: () => 0 });
    a.jobs.inc({ outcome: 'failed' });
    expect(await a.registry.metrics()).toContain('skafu_jobs_total{outcome="failed"} 1');
    expect(await b.registry.metrics()).not.toContain('outcome="failed"');
    expect(await globalRegistry.metrics()).not.toContain('skafu_');
  });
});
