import type { Logger } from 'pino';
import type { z } from 'zod';
import type { AppConfig } from '../config/app-config.js';
import { ModelOutputError, ModelUnavailableError, UnknownModelPriceError, UsageLimitExceededError } from '../domain/errors.js';
import type { Identity } from '../domain/identity.js';
import type { Operation } from '../domain/operations.js';
import { ZERO_TOKENS } from '../domain/token-usage.js';
import type { Clock } from '../ports/clock.js';
import type { Ids } from '../ports/ids.js';
import type { Model, ModelResponse } from '../ports/model.js';
import type { Store } from '../ports/store.js';
import { AnswerCache, type CachedAnswer } from './answer-cache.js';
import { Bill } from './bill.js';
import { cacheKey, type CacheKeyParts } from './cache-key.js';
import type { Prices } from './prices.js';
import { QuotaGate } from './quota-gate.js';
import { SingleFlight } from './single-flight.js';
import type { StepTimings } from './step-timings.js';
import { usageRecord } from './usage-record.js';

/**
 * A reservation whose holder stops renewing it (crashed) is released this long after. Shorter leases
 * broke exactness on an overloaded machine: 60 CLI processes on 2 cores stalled long enough for a
 * 30 s lease to lapse under calls still running.
 */
const RESERVATION_LEASE_MS = 120_000;

export interface GovernanceDeps {
  store: Store;
  config: AppConfig;
  prices: Prices;
  clock: Clock;
  ids: Ids;
  /** Warnings about what a call answered (e.g. a model without a price). */
  logger?: Pick<Logger, 'warn'>;
  /** Upper estimate of the input tokens of a text (for worst-case reservations). */
  estimateInputTokens: (text: string) => number;
  /** Tokens the output schema adds to every request (structured outputs put it in the prompt). */
  estimateSchemaTokens?: (schema: z.ZodType) => number;
  /** Reservation lease, renewed while the call runs (default 2 min): how long a crashed caller's reservation lingers. */
  leaseMs?: number;
}

export interface ModelCall<S extends z.ZodType> {
  identity: Identity;
  operation: Operation;
  aggregateId: string;
  model: Model;
  modelId: string;
  system: string;
  schema: S;
  userContent: string;
  maxTokens: number;
  stream: boolean;
  /** A repair round: counted for tokens and dollars, not as another request. */
  repair?: { previousOutput: string; problems: string[] };
  onProgress?: (progress: { outputTokens: number }) => void;
  signal?: AbortSignal;
  /** How long the call may wait for room on a limit that frees itself (see AdmitArgs.maxWaitMs). */
  maxWaitMs?: number;
  /** Receives the time of the admission and of the call itself. */
  timings?: StepTimings;
  /** Told when the call starts waiting for room on a limit. */
  onWait?: (wait: { limit: string; resetsAt: string | null }) => void;
  /**
   * The model is called only once this has resolved: the caller's own write (the started aggregate),
   * issued just before, so that it commits together with the reservation instead of on its own.
   */
  ready?: Promise<unknown>;
}

/** What a refusal is recorded against. */
export type RefusedRequest = Pick<ModelCall<z.ZodType>, 'identity' | 'operation' | 'aggregateId' | 'modelId'>;

export interface Produced<T> {
  output: T;
  /** False when the answer must not be cached (e.g. generated code that failed validation). */
  cacheable: boolean;
}

export interface GovernedAnswer<T> {
  output: T;
  cached: boolean;
  /** Model of the answer (for a cache hit: the model that produced it). */
  model: string;
  bill: Bill;
  /**
   * The write of the new cache entry, started but not awaited, so that it commits together with the
   * caller's next write (the finished aggregate). Rejects when the entry could not be stored; the
   * answer stands all the same.
   */
  cacheFilled: Promise<void>;
}

/**
 * The governed call of DESIGN.md around a use case's model work: cache lookup → single-flight →
 * reserve → call → settle → (schema repair) → cache fill. Quota refusals record an
 * AIUsageLimitExceeded event; store errors propagate (fail closed).
 */
export class Governance {
  readonly quota: QuotaGate;
  private readonly cache: AnswerCache;
  private readonly flights = new SingleFlight<GovernedAnswer<unknown>>();
  private readonly schemaTokens = new WeakMap<z.ZodType, number>();

  constructor(private readonly deps: GovernanceDeps) {
    this.quota = new QuotaGate({ store: deps.store, config: deps.config, prices: deps.prices, clock: deps.clock, ids: deps.ids, leaseMs: deps.leaseMs ?? RESERVATION_LEASE_MS, maxHoldMs: Math.max(deps.config.timeoutMs * 4, 300_000) });
    this.cache = new AnswerCache({ store: deps.store, clock: deps.clock, memoryEntries: deps.config.cache.memoryEntries });
  }

  keyFor(identity: Identity, parts: Omit<CacheKeyParts, 'scope'>): string {
    return cacheKey({ ...parts, scope: this.deps.config.cache.scope === 'global' ? 'global' : identity.orgId });
  }

  /**
   * An answer from the cache, from a concurrent identical call, or from `produce` (which makes the
   * billed model calls through `invokeStructured`).
   */
  async answer<T>(args: {
    identity: Identity;
    operation: Operation;
    aggregateId: string;
    key: string;
    noCache: boolean;
    ttlSeconds: number;
    /** Collects what this request is billed; still readable when `produce` throws. */
    bill: Bill;
    /** Receives the time of the cache lookup. */
    timings?: StepTimings;
    produce: (bill: Bill) => Promise<Produced<T> & { model: string }>;
  }): Promise<GovernedAnswer<T>> {
    if (!args.noCache) {
      const hit = args.timings ? await args.timings.time('cache', () => this.cache.get(args.key)) : await this.cache.get(args.key);
      if (hit) return this.servedFromCache<T>(args, hit);
      const running = this.flights.join(args.key) as Promise<GovernedAnswer<T>> | null;
      if (running) {
        const shared = await running.then((a) => a, () => null);
        if (shared) return this.servedFromCache<T>(args, { output: shared.output, model: shared.model, createdAt: this.deps.clock.now().toISOString() });
      }
    }
    const work = async (): Promise<GovernedAnswer<T>> => {
      const bill = args.bill;
      const produced = await args.produce(bill);
      const cacheFilled = produced.cacheable
        ? this.cache.put(args.key, { output: produced.output, model: produced.model, createdAt: this.deps.clock.now().toISOString() }, args.ttlSeconds)
        : Promise.resolve();
      // Whoever awaits it handles a failure; until then it must not count as unhandled.
      cacheFilled.catch(() => undefined);
      return { output: produced.output, cached: false, model: produced.model, bill, cacheFilled };
    };
    if (args.noCache) return work();
    return this.flights.run(args.key, work as () => Promise<GovernedAnswer<unknown>>) as Promise<GovernedAnswer<T>>;
  }

  /**
   * One billed call whose output must satisfy the schema; an unparseable answer gets one repair
   * round. Truncation and refusals fail with a clear message. Every call is added to `bill`.
   */
  async invokeStructured<S extends z.ZodType>(call: ModelCall<S>, bill: Bill, describe: string): Promise<z.infer<S>> {
    const first = await this.invoke(call, bill);
    this.assertUsable(first, call, describe);
    if (first.parsed !== null) return first.parsed;
    const repaired = await this.invoke({ ...call, repair: { previousOutput: first.rawText, problems: [first.parseError ?? 'the answer did not match the schema'] } }, bill);
    this.assertUsable(repaired, call, describe);
    if (repaired.parsed !== null) return repaired.parsed;
    throw new ModelOutputError(`Claude's ${describe} did not match the expected structure, even after one repair attempt (${truncate(repaired.parseError ?? 'schema mismatch', 300)}). Try again, or use a more capable model for this operation under \`models\` in the config file.`);
  }

  /**
   * One billed model call: reserve → call → settle (or release when nothing was billed). The settle
   * is left in `bill` to be awaited with the request's final write (Bill.recorded).
   */
  async invoke<S extends z.ZodType>(call: ModelCall<S>, bill: Bill): Promise<ModelResponse<z.infer<S>>> {
    const { clock, ids, store } = this.deps;
    const inputTokens = this.deps.estimateInputTokens(call.system + call.userContent + (call.repair ? call.repair.previousOutput + call.repair.problems.join('\n') : '')) + this.tokensOfSchema(call.schema);
    const admitting = performance.now();
    let admission;
    try {
      admission = await this.quota.admit({
        identity: call.identity, operation: call.operation, model: call.modelId, inputTokens, maxTokens: call.maxTokens, countsAsRequest: !call.repair,
        ...(call.maxWaitMs !== undefined ? { maxWaitMs: call.maxWaitMs } : {}),
        ...(call.signal ? { signal: call.signal } : {}),
        ...(call.onWait ? { onWait: call.onWait } : {}),
      });
    } catch (error) {
      if (error instanceof UsageLimitExceededError) await this.recordRefusal(call, error);
      throw error;
    }
    if (call.ready) {
      try {
        await call.ready;
      } catch (error) {
        await admission.release();
        throw error;
      }
    }
    const started = performance.now();
    call.timings?.add('admit', started - admitting);
    let response: ModelResponse<z.infer<S>>;
    try {
      response = await call.model.invoke({
        operation: call.operation,
        model: call.modelId,
        system: call.system,
        schema: call.schema,
        userContent: call.userContent,
        maxTokens: admission.maxTokens,
        timeoutMs: this.deps.config.timeoutMs,
        stream: call.stream,
        ...(call.repair ? { repair: call.repair } : {}),
        ...(call.onProgress ? { onProgress: call.onProgress } : {}),
        ...(call.signal ? { signal: call.signal } : {}),
        ...(call.onWait ? { onWait: call.onWait } : {}),
      });
    } catch (error) {
      call.timings?.add('model', performance.now() - started);
      await admission.release();
      const now = clock.now();
      await store.usage.record(usageRecord({ id: ids.newId(), identity: call.identity, operation: call.operation, model: call.modelId, aggregateId: call.aggregateId, tokens: { ...ZERO_TOKENS }, costMicroUsd: 0, latencyMs: performance.now() - started, status: 'failed', now }));
      throw error;
    }
    call.timings?.add('model', performance.now() - started);
    const costMicroUsd = this.costOf(response, call);
    const ok = response.parsed !== null && response.stopReason !== 'refusal';
    // Not awaited: the reservation covers the call until the settle commits, with the request's final write.
    const settled = admission.settle({
      usage: response.usage,
      costMicroUsd,
      countsAsRequest: !call.repair,
      record: usageRecord({ id: ids.newId(), identity: call.identity, operation: call.operation, model: response.model, aggregateId: call.aggregateId, tokens: response.usage, costMicroUsd, latencyMs: response.latencyMs, status: ok ? 'success' : 'failed', now: clock.now() }),
    });
    bill.add({ usage: response.usage, costMicroUsd, model: response.model, latencyMs: response.latencyMs }, settled);
    return response;
  }

  /**
   * What the call cost. An answer naming a model without a price (a dated or other id a gateway
   * reports) is priced as the model asked for, whose price admission already checked: the call is
   * billed, and failing it now would leave its usage unrecorded.
   */
  private costOf(response: ModelResponse<unknown>, call: ModelCall<z.ZodType>): number {
    try {
      return this.deps.prices.costMicroUsd(response.model, response.usage);
    } catch (error) {
      if (!(error instanceof UnknownModelPriceError) || response.model === call.modelId) throw error;
      this.deps.logger?.warn({ answeredModel: response.model, requestedModel: call.modelId }, 'Claude answered as a model without a price; priced as the model asked for');
      return this.deps.prices.costMicroUsd(call.modelId, response.usage);
    }
  }

  private tokensOfSchema(schema: z.ZodType): number {
    const estimate = this.deps.estimateSchemaTokens;
    if (!estimate) return 0;
    let tokens = this.schemaTokens.get(schema);
    if (tokens === undefined) {
      tokens = estimate(schema);
      this.schemaTokens.set(schema, tokens);
    }
    return tokens;
  }

  private assertUsable(response: ModelResponse<unknown>, call: ModelCall<z.ZodType>, describe: string): void {
    // A whole answer that passed its schema was not cut off, whatever the stop reason says.
    if (response.parsed !== null && (response.stopReason === 'max_tokens' || response.stopReason === 'model_context_window_exceeded')) return;
    if (response.stopReason === 'max_tokens') {
      throw new ModelOutputError(`Claude's ${describe} was cut off at the output limit (max_tokens = ${call.maxTokens}); nothing partial was kept. Raise \`maxTokens.${call.operation}\` in the config file, raise your budget, or shorten the input.`);
    }
    if (response.stopReason === 'refusal') {
      throw new ModelOutputError(`Claude declined to produce the ${describe} (stop reason: refusal). Review the input for content that could be read as harmful and try again.`);
    }
    if (response.stopReason === 'stream_interrupted') {
      const why = response.parseError ? `: ${response.parseError}` : '';
      throw new ModelUnavailableError(`Claude's ${describe} stopped arriving before it was finished${why}; the tokens sent so far were billed. Try again.`);
    }
    if (response.stopReason === 'model_context_window_exceeded') {
      throw new ModelOutputError(`The input is too long for the model's context window. Shorten it or split it into parts.`);
    }
  }

  private async servedFromCache<T>(args: { identity: Identity; operation: Operation; aggregateId: string }, hit: CachedAnswer): Promise<GovernedAnswer<T>> {
    await this.deps.store.usage.record(usageRecord({ id: this.deps.ids.newId(), identity: args.identity, operation: args.operation, model: hit.model, aggregateId: args.aggregateId, tokens: { ...ZERO_TOKENS }, costMicroUsd: 0, latencyMs: 0, status: 'cached', now: this.deps.clock.now() }));
    return { output: hit.output as T, cached: true, model: hit.model, bill: new Bill(), cacheFilled: Promise.resolve() };
  }

  /**
   * Refuses a request that its limits would certainly refuse now (see QuotaGate.certainRefusal),
   * recording the refusal as a call does; for a job about to be queued. An answer in the cache is
   * never refused.
   */
  async refuseIfCertain(request: RefusedRequest & { key: string; noCache: boolean }): Promise<void> {
    // A cached answer is served whatever the limits say.
    if (!request.noCache && (await this.cache.get(request.key))) return;
    const refusal = await this.quota.certainRefusal(request.identity, request.operation);
    if (!refusal) return;
    await this.recordRefusal(request, refusal);
    throw refusal;
  }

  private async recordRefusal(call: RefusedRequest, error: UsageLimitExceededError): Promise<void> {
    const { store, clock, ids } = this.deps;
    const now = clock.now();
    const occurredAt = now.toISOString();
    await store.outbox.append([{
      id: ids.newId(),
      name: 'AIUsageLimitExceeded',
      occurredAt,
      orgId: call.identity.orgId,
      aggregateId: call.aggregateId,
      payload: {
        operation: call.operation,
        userId: call.identity.userId,
        limit: error.breach.limit,
        limitValue: error.breach.value,
        current: error.breach.current,
        ...(error.breach.resetsAt ? { resetsAt: error.breach.resetsAt } : {}),
      },
    }]);
    await store.usage.record(usageRecord({ id: ids.newId(), identity: call.identity, operation: call.operation, model: call.modelId, aggregateId: call.aggregateId, tokens: { ...ZERO_TOKENS }, costMicroUsd: 0, latencyMs: 0, status: 'refused', now }));
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
