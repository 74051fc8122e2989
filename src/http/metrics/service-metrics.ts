import type { AnalysisResult, GenerationResult } from '../../app/results.js';
import type { UsageLimitExceededError } from '../../domain/errors.js';
import { PrometheusRegistry, type Counter, type Histogram } from './prometheus-registry.js';

const LATENCY_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** What the HTTP service counts, created once per server (no global registry). */
export interface ServiceMetrics {
  readonly registry: PrometheusRegistry;
  readonly httpRequests: Counter;
  readonly httpDuration: Histogram;
  readonly modelCalls: Counter;
  readonly tokens: Counter;
  readonly costUsd: Counter;
  readonly cacheHits: Counter;
  readonly quotaRefusals: Counter;
  readonly rateLimited: Counter;
  readonly jobs: Counter;
  /** Counts the model call, tokens, cost or cache hit a finished result stands for. */
  recordResult(operation: string, result: AnalysisResult | GenerationResult): void;
  recordRefusal(error: UsageLimitExceededError): void;
}

export function createServiceMetrics(gauges: { queueDepth: () => Promise<number>; jobsInFlight: () => number }): ServiceMetrics {
  const registry = new PrometheusRegistry();
  const httpRequests = registry.counter('skafu_http_requests_total', 'HTTP requests by method, route and status.');
  const httpDuration = registry.histogram('skafu_http_request_duration_seconds', 'HTTP request latency by method, route and status.', LATENCY_BUCKETS_SECONDS);
  const modelCalls = registry.counter('skafu_model_calls_total', 'Results that needed a model call, by operation, model and status.');
  const tokens = registry.counter('skafu_tokens_total', 'Model tokens billed, by kind (input, output, cache_creation, cache_read).');
  const costUsd = registry.counter('skafu_cost_usd_total', 'Model cost in US dollars, by operation and model.');
  const cacheHits = registry.counter('skafu_cache_hits_total', 'Results answered from the cache, by operation.');
  const quotaRefusals = registry.counter('skafu_quota_refusals_total', 'Requests refused by a quota or budget, by limit.');
  const rateLimited = registry.counter('skafu_rate_limited_total', 'Requests refused by the per-key request rate.');
  const jobs = registry.counter('skafu_jobs_total', 'Durable jobs handled by this process, by outcome.');
  registry.gauge('skafu_job_queue_depth', 'Jobs queued and not yet claimed (all processes sharing the store).', gauges.queueDepth);
  registry.gauge('skafu_jobs_in_flight', 'Jobs running in this process.', gauges.jobsInFlight);
  registry.gauge('skafu_process_pid', 'Id of the process that answered this scrape; with serve --processes n, each scrape reaches one of the n and shows its own counters.', () => process.pid);

  return {
    registry, httpRequests, httpDuration, modelCalls, tokens, costUsd, cacheHits, quotaRefusals, rateLimited, jobs,
    recordResult(operation, result) {
      if (result.cached) {
        cacheHits.inc({ operation });
        return;
      }
      if (result.model === null) return;
      modelCalls.inc({ operation, model: result.model, status: result.status });
      const t = result.tokensUsed;
      tokens.inc({ kind: 'input' }, t.input);
      tokens.inc({ kind: 'output' }, t.output);
      tokens.inc({ kind: 'cache_creation' }, t.cacheCreation);
      tokens.inc({ kind: 'cache_read' }, t.cacheRead);
      costUsd.inc({ operation, model: result.model }, result.costUsd);
    },
    recordRefusal(error) {
      quotaRefusals.inc({ limit: error.breach.limit });
    },
  };
}
