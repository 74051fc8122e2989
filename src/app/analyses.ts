import { planFor } from '../config/app-config.js';
import { analysisSpec, confidenceOf, extractRecommendations, renderUserContent } from '../claude/index.js';
import { AIAnalysis, type AnalysisRecord } from '../domain/ai-analysis.js';
import type { Identity } from '../domain/identity.js';
import { operationForAnalysis } from '../domain/operations.js';
import { Bill } from '../governance/bill.js';
import type { Governance } from '../governance/governed-call.js';
import { RedactionSession } from '../sanitize/index.js';
import type { AnalyzeRequest, CallOptions, Submitted, SubmitOptions } from './ai-integration.js';
import { assertRequestSize, changeContext, persistAnalysis } from './aggregate-io.js';
import type { AIIntegrationDeps } from './deps.js';
import { emit, type ProgressBus } from './progress-bus.js';
import { runToEnd, saveStartInBackground } from './run-to-end.js';
import { sanitize } from './sanitize-input.js';
import { analyzeRequestSchema, parseRequest } from './request-schemas.js';
import { toAnalysisResult, type AnalysisResult } from './results.js';

/** Analyses (requirements, architecture review, optimisation…): sync, queued, and run from a job. */
export class AnalysesUseCase {
  constructor(private readonly deps: AIIntegrationDeps, private readonly governance: Governance, private readonly progress: ProgressBus) {}

  async analyze(identity: Identity, raw: AnalyzeRequest, options: CallOptions = {}): Promise<AnalysisResult> {
    const { analysis, session, input } = this.prepare(identity, raw);
    analysis.start(changeContext(this.deps.clock, this.deps.ids), ...sanitize(session, input));
    return this.execute(identity, analysis, options, session, this.saveStart(analysis, options));
  }

  async submit(identity: Identity, raw: AnalyzeRequest, options: SubmitOptions = {}): Promise<Submitted> {
    const { analysis, session, input } = this.prepare(identity, raw);
    analysis.queue(...sanitize(session, input));
    const { operation, modelId, key } = this.callOf(identity, analysis.view());
    // A job its limits would certainly refuse is refused now (429), not accepted only to fail later.
    await this.governance.refuseIfCertain({ identity, operation, aggregateId: analysis.id, modelId, key, noCache: options.noCache ?? false });
    const queued = await persistAnalysis(this.deps.store, analysis);
    const now = this.deps.clock.now().toISOString();
    await this.deps.store.jobs.enqueue({ id: queued.id, kind: 'analysis', orgId: identity.orgId, state: 'queued', attempts: 0, leaseOwner: null, leaseExpiresAt: null, createdAt: now, noCache: options.noCache ?? false });
    await this.deps.onJobSubmitted?.({ id: queued.id, kind: 'analysis' });
    return { id: queued.id, status: queued.status };
  }

  /** Runs a queued analysis (from a job) to its end. */
  async runQueued(analysis: AIAnalysis, options: CallOptions): Promise<AnalysisResult> {
    analysis.start(changeContext(this.deps.clock, this.deps.ids));
    const record = analysis.view();
    // A job's progress is watched over its event stream, so its answer is streamed for the token counts.
    return this.execute({ orgId: record.orgId, userId: record.userId }, analysis, options, null, this.saveStart(analysis, options), true);
  }

  /** The operation, model and cache key of an analysis's model call. */
  private callOf(identity: Identity, record: Readonly<AnalysisRecord>) {
    const spec = analysisSpec(record.analysisType);
    const operation = operationForAnalysis(record.analysisType);
    const modelId = this.deps.modelIdFor(operation);
    const maxTokens = this.deps.config.maxTokens[operation];
    const key = this.governance.keyFor(identity, { operation, promptVersion: spec.promptVersion, model: modelId, parameters: { analysisType: record.analysisType, maxTokens }, sanitizedInput: record.input });
    return { spec, operation, modelId, maxTokens, key };
  }

  private saveStart(analysis: AIAnalysis, options: CallOptions): Promise<void> {
    return saveStartInBackground(persistAnalysis(this.deps.store, analysis), this.progress, options);
  }

  private prepare(identity: Identity, raw: AnalyzeRequest): { analysis: AIAnalysis; session: RedactionSession; input: unknown } {
    const request = parseRequest(analyzeRequestSchema, raw);
    const plan = planFor(this.deps.config, identity.orgId);
    assertRequestSize(request, plan.maxRequestBytes, plan.name);
    const analysis = AIAnalysis.create({ id: this.deps.ids.newId(), identity, projectId: request.projectId ?? 'default', analysisType: request.analysisType, now: this.deps.clock.now().toISOString() });
    const session = new RedactionSession({ restorePersonalData: this.deps.config.sanitize.restorePersonalData });
    return { analysis, session, input: request.input };
  }

  /** `stream`: whether Claude's answer is streamed (reporting token counts as it comes) or read whole. */
  private async execute(identity: Identity, analysis: AIAnalysis, options: CallOptions, session: RedactionSession | null, startSaved: Promise<void>, stream = false): Promise<AnalysisResult> {
    const { deps, governance } = this;
    const record = analysis.view();
    const { spec, operation, modelId, maxTokens, key } = this.callOf(identity, record);
    const bill = new Bill();
    const { aggregate: ended, completed } = await runToEnd({
      aggregate: analysis, startSaved, bill, deps, progress: this.progress, options,
      persist: (a) => persistAnalysis(deps.store, a),
      work: async () => {
        const answer = await governance.answer({
          identity, operation, aggregateId: record.id, key, bill,
          noCache: options.noCache ?? false,
          ...(options.timings ? { timings: options.timings } : {}),
          ttlSeconds: deps.config.cache.ttlSeconds[operation],
          produce: async (b) => {
            const output = await governance.invokeStructured({
              identity, operation, aggregateId: record.id, model: deps.model, modelId,
              system: spec.system, schema: spec.schema, userContent: renderUserContent(record.input, record.analysisType),
              maxTokens, stream, ready: startSaved,
              onProgress: (p) => emit(this.progress, options, { type: 'tokens', id: record.id, outputTokens: p.outputTokens }),
              ...(options.signal ? { signal: options.signal } : {}),
              ...(options.maxWaitForRoomMs !== undefined ? { maxWaitMs: options.maxWaitForRoomMs } : {}),
              ...(options.timings ? { timings: options.timings } : {}),
              onWait: (wait) => emit(this.progress, options, { type: 'waiting', id: record.id, ...wait }),
            }, b, `${record.analysisType} analysis`);
            return { output, cacheable: true, model: b.model ?? modelId };
          },
        });
        analysis.complete(changeContext(deps.clock, deps.ids), {
          output: answer.output,
          recommendations: extractRecommendations(answer.output),
          confidenceScore: confidenceOf(answer.output),
          tokensUsed: answer.bill.usage,
          costMicroUsd: answer.bill.costMicroUsd,
          model: answer.model,
          cached: answer.cached,
        });
        return { cacheFilled: answer.cacheFilled };
      },
    });
    const result = toAnalysisResult(ended.view());
    if (completed && session && deps.config.sanitize.restorePersonalData) {
      return { ...result, output: session.restore(result.output), recommendations: session.restore(result.recommendations) };
    }
    return result;
  }
}
