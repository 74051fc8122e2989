import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AnalysisResult, GenerationResult } from '../../app/results.js';
import type { UsageLimitExceededError } from '../../domain/errors.js';

const LATENCY_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** The labels of the request counter and latency histogram, in the order they are written. */
export type RequestLabel = 'method' | 'route' | 'status';

/*
 * prom-client keeps the labels object of a series' first increment and writes its keys in that
 * object's order, so every call site passes label keys in one order (the one in labelNames).
 * The token kinds never change: one frozen labels object each, none allocated per result.
 */
const TOKEN_LABELS = {
  input: Object.freeze({ kind: 'input' }),
  output: Object.freeze({ kind: 'output' }),
  cacheCreation: Object.freeze({ kind: 'cache_creation' }),
  cacheRead: Object.freeze({ kind: 'cache_read' }),
} as const;

/**
 * What the HTTP service counts, created once per server on a registry of its own (never the
 * prom-client global registry: tests run several services in one process).
 */
export interface ServiceMetrics {
  /** `/metrics` answers `registry.contentType` and `await registry.metrics()`. */
  readonly registry: Registry;
  readonly httpRequests: Counter<RequestLabel>;
  readonly httpDuration: Histogram<RequestLabel>;
  readonly modelCalls: Counter<'operation' | 'model' | 'status'>;
  readonly tokens: Counter<'kind'>;
  readonly costUsd: Counter<'operation' | 'model'>;
  readonly cacheHits: Counter<'operation'>;
  readonly quotaRefusals: Counter<'limit'>;
  readonly rateLimited: Counter;
  readonly jobs: Counter<'outcome'>;
  /** Counts the model call, tokens, cost or cache hit a finished result stands for. */
  recordResult(operation: string, result: AnalysisResult | GenerationResult): void;
  recordRefusal(error: UsageLimitExceededError): void;
}

/**
 * prom-client throws on a negative amount and would add NaN for good; an odd figure in a stored
 * result must not turn a finished request into an error, so it is left uncounted.
 */
function add<T extends string>(counter: Counter<T>, labels: Readonly<Partial<Record<T, string>>>, amount: number): void {
  if (Number.isFinite(amount) && amount >= 0) counter.inc(labels, amount);
}

export function createServiceMetrics(gauges: { queueDepth: () => Promise<number>; jobsInFlight: () => number }): ServiceMetrics {
  const registry = new Registry();
  const registers = [registry];
  const httpRequests = new Counter({
    name: 'skafu_http_requests_total', help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const, registers,
  });
  const httpDuration = new Histogram({
    name: 'skafu_http_request_duration_seconds', help: 'HTTP request latency by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const, buckets: LATENCY_BUCKETS_SECONDS, registers,
  });
  const modelCalls = new Counter({
    name: 'skafu_model_calls_total', help: 'Results that needed a model call, by operation, model and status.',
    labelNames: ['operation', 'model', 'status'] as const, registers,
  });
  const tokens = new Counter({
    name: 'skafu_tokens_total', help: 'Model tokens billed, by kind (input, output, cache_creation, cache_read).',
    labelNames: ['kind'] as const, registers,
  });
  const costUsd = new Counter({
    name: 'skafu_cost_usd_total', help: 'Model cost in US dollars, by operation and model.',
    labelNames: ['operation', 'model'] as const, registers,
  });
  const cacheHits = new Counter({
    name: 'skafu_cache_hits_total', help: 'Results answered from the cache, by operation.',
    labelNames: ['operation'] as const, registers,
  });
  const quotaRefusals = new Counter({
    name: 'skafu_quota_refusals_total', help: 'Requests refused by a quota or budget, by limit.',
    labelNames: ['limit'] as const, registers,
  });
  const rateLimited = new Counter({
    name: 'skafu_rate_limited_total', help: 'Requests refused by the per-key request rate.', registers,
  });
  const jobs = new Counter({
    name: 'skafu_jobs_total', help: 'Durable jobs handled by this process, by outcome.',
    labelNames: ['outcome'] as const, registers,
  });
  // Gauges read at scrape time.
  new Gauge({
    name: 'skafu_job_queue_depth', help: 'Jobs queued and not yet claimed (all processes sharing the store).', registers,
    async collect() { this.set(await gauges.queueDepth()); },
  });
  new Gauge({
    name: 'skafu_jobs_in_flight', help: 'Jobs running in this process.', registers,
    collect() { this.set(gauges.jobsInFlight()); },
  });
  new Gauge({
    name: 'skafu_process_pid', help: 'Id of the process that answered this scrape; with serve --processes n, each scrape reaches one of the n and shows its own counters.', registers,
    collect() { this.set(process.pid); },
  });

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
      add(tokens, TOKEN_LABELS.input, t.input);
      add(tokens, TOKEN_LABELS.output, t.output);
      add(tokens, TOKEN_LABELS.cacheCreation, t.cacheCreation);
      add(tokens, TOKEN_LABELS.cacheRead, t.cacheRead);
      add(costUsd, { operation, model: result.model }, result.costUsd);
    },
    recordRefusal(error) {
      quotaRefusals.inc({ limit: error.breach.limit });
    },
  };
}
