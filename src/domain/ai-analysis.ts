import type { ChangeContext } from './aggregate-context.js';
import { IllegalTransitionError, ModelOutputError } from './errors.js';
import type { DomainEvent, RetryReason } from './events.js';
import type { Identity } from './identity.js';
import type { MicroUsd } from './money.js';
import type { AnalysisType } from './operations.js';
import { parseRecommendation, type Recommendation } from './recommendation.js';
import type { RedactionCount } from './redaction.js';
import { assertTransition, type Status } from './status.js';
import { ZERO_TOKENS, type TokenUsage } from './token-usage.js';

/** The persisted form of an analysis. `input` is always the sanitized input. */
export interface AnalysisRecord {
  id: string;
  orgId: string;
  userId: string;
  projectId: string;
  analysisType: AnalysisType;
  status: Status;
  input: unknown;
  output: unknown;
  recommendations: Recommendation[];
  confidenceScore: number;
  tokensUsed: TokenUsage;
  costMicroUsd: MicroUsd;
  cached: boolean;
  model: string | null;
  redactions: RedactionCount[];
  retryCount: number;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  errorMessage: string | null;
  /** Optimistic-concurrency version, incremented on every save. */
  version: number;
}

export interface AnalysisCompletion {
  output: unknown;
  recommendations: unknown[];
  confidenceScore: number;
  tokensUsed: TokenUsage;
  costMicroUsd: MicroUsd;
  model: string;
  cached: boolean;
}

/** The AIAnalysis aggregate: a state machine that records its events until they are persisted. */
export class AIAnalysis {
  private pending: DomainEvent[] = [];

  private constructor(private state: AnalysisRecord) {}

  static create(args: { id: string; identity: Identity; projectId: string; analysisType: AnalysisType; now: string }): AIAnalysis {
    return new AIAnalysis({
      id: args.id,
      orgId: args.identity.orgId,
      userId: args.identity.userId,
      projectId: args.projectId,
      analysisType: args.analysisType,
      status: 'pending',
      input: null,
      output: null,
      recommendations: [],
      confidenceScore: 0,
      tokensUsed: { ...ZERO_TOKENS },
      costMicroUsd: 0,
      cached: false,
      model: null,
      redactions: [],
      retryCount: 0,
      createdAt: args.now,
      startedAt: null,
      completedAt: null,
      errorMessage: null,
      version: 0,
    });
  }

  static fromRecord(record: AnalysisRecord): AIAnalysis {
    return new AIAnalysis(structuredClone(record));
  }

  get id(): string { return this.state.id; }
  get status(): Status { return this.state.status; }
  get retryCount(): number { return this.state.retryCount; }

  /** The current state itself, not a copy, for the store to serialise. Callers must not change it. */
  view(): Readonly<AnalysisRecord> {
    return this.state;
  }

  /** Records that the store now holds this state as `version`. */
  markSaved(version: number): void {
    this.state.version = version;
  }

  toRecord(): AnalysisRecord {
    return structuredClone(this.state);
  }

  /** Events recorded since the last call; the store writes them to the outbox with the aggregate. */
  pullEvents(): DomainEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }

  /** Accept a job for asynchronous processing. */
  queue(sanitizedInput: unknown, redactions: RedactionCount[]): void {
    // Only a new job is queued here; one whose run ended without an outcome goes back through retry().
    this.transition('queued', 'pending');
    this.state.input = sanitizedInput;
    this.state.redactions = redactions;
  }

  start(ctx: ChangeContext, sanitizedInput?: unknown, redactions?: RedactionCount[]): void {
    this.transition('in_progress');
    if (sanitizedInput !== undefined) this.state.input = sanitizedInput;
    if (redactions !== undefined) this.state.redactions = redactions;
    this.state.startedAt = ctx.now;
    this.record(ctx, 'AIAnalysisStarted', { projectId: this.state.projectId, analysisType: this.state.analysisType });
  }

  /**
   * Completes with the model's result. Throws IllegalTransitionError unless in progress, and a
   * ModelOutputError (leaving the state unchanged) when a recommendation or the confidence is invalid.
   */
  complete(ctx: ChangeContext, result: AnalysisCompletion): void {
    assertTransition('analysis', this.state.id, this.state.status, 'completed');
    if (!(result.confidenceScore >= 0 && result.confidenceScore <= 1)) {
      throw new ModelOutputError(`The confidence score must be a number within 0..1, got ${result.confidenceScore}.`);
    }
    const recommendations = result.recommendations.map((r, i) => parseRecommendation(r, `recommendations[${i}]`));
    this.transition('completed');
    // Cloned so that later changes to the caller's objects cannot alter the aggregate.
    Object.assign(this.state, {
      output: structuredClone(result.output),
      recommendations,
      confidenceScore: result.confidenceScore,
      tokensUsed: { ...result.tokensUsed },
      costMicroUsd: result.costMicroUsd,
      model: result.model,
      cached: result.cached,
      completedAt: ctx.now,
      errorMessage: null,
    });
    this.record(ctx, 'AIAnalysisCompleted', {
      projectId: this.state.projectId,
      analysisType: this.state.analysisType,
      recommendations: recommendations.map(({ title, priority, category, impact }) => ({ title, priority, category, impact })),
      confidenceScore: result.confidenceScore,
      cached: result.cached,
      costMicroUsd: result.costMicroUsd,
    });
  }

  /** Fails the analysis; usage already billed for it is kept on the record. */
  fail(ctx: ChangeContext, errorMessage: string, billed?: { tokensUsed: TokenUsage; costMicroUsd: MicroUsd; model: string | null }): void {
    this.transition('failed');
    this.state.errorMessage = errorMessage;
    this.state.completedAt = ctx.now;
    if (billed) {
      this.state.tokensUsed = { ...billed.tokensUsed };
      this.state.costMicroUsd = billed.costMicroUsd;
      this.state.model = billed.model;
    }
    this.record(ctx, 'AIAnalysisFailed', { projectId: this.state.projectId, errorMessage });
  }

  cancel(ctx: ChangeContext): void {
    this.transition('cancelled');
    this.state.completedAt = ctx.now;
    this.record(ctx, 'AIAnalysisCancelled', { projectId: this.state.projectId });
  }

  /** Ends the job `timeout`: its run did not finish and no retry is left. */
  timeOut(ctx: ChangeContext): void {
    this.transition('timeout');
    this.state.completedAt = ctx.now;
    this.state.errorMessage = 'The analysis did not finish in time.';
    this.record(ctx, 'AIAnalysisTimedOut', { projectId: this.state.projectId });
  }

  /**
   * Queues an in-progress job again after its run ended without an outcome; each retry is counted.
   * The lifecycle's way back to `queued` passes through `timeout`, yet only AIAnalysisRetried is recorded:
   * consumers take a TimedOut event as the end of the job, and this job has not ended.
   */
  retry(ctx: ChangeContext, reason: RetryReason): void {
    if (this.state.status !== 'in_progress') throw new IllegalTransitionError('analysis', this.state.id, this.state.status, 'queued');
    this.transition('timeout');
    this.transition('queued');
    this.state.retryCount += 1;
    this.record(ctx, 'AIAnalysisRetried', { projectId: this.state.projectId, attempt: this.state.retryCount + 1, reason });
  }

  /** `from`, when given, narrows the lifecycle for methods that share a target status. */
  private transition(to: Status, from?: Status): void {
    if (from !== undefined && this.state.status !== from) throw new IllegalTransitionError('analysis', this.state.id, this.state.status, to);
    assertTransition('analysis', this.state.id, this.state.status, to);
    this.state.status = to;
  }

  private record<N extends DomainEvent['name']>(ctx: ChangeContext, name: N, payload: Extract<DomainEvent, { name: N }>['payload']): void {
    this.pending.push({ id: ctx.newId(), name, occurredAt: ctx.now, orgId: this.state.orgId, aggregateId: this.state.id, payload } as DomainEvent);
  }
}
