import type { ChangeContext } from './aggregate-context.js';
import { IllegalTransitionError } from './errors.js';
import type { DomainEvent, RetryReason } from './events.js';
import type { Identity } from './identity.js';
import type { MicroUsd } from './money.js';
import type { GenerationType } from './operations.js';
import type { RedactionCount } from './redaction.js';
import { assertTransition, type Status } from './status.js';
import { ZERO_TOKENS, type TokenUsage } from './token-usage.js';
import type { Finding, GeneratedFile, ValidationResult } from './validation-result.js';

/** The persisted form of a generation. `specification` and `templateContext` are sanitized. */
export interface GenerationRecord {
  id: string;
  orgId: string;
  userId: string;
  projectId: string;
  generationType: GenerationType;
  status: Status;
  specification: unknown;
  templateContext: unknown;
  files: GeneratedFile[];
  validationResults: ValidationResult[];
  findings: Finding[];
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
  version: number;
}

export interface GenerationOutcome {
  files: GeneratedFile[];
  validationResults: ValidationResult[];
  findings: Finding[];
  tokensUsed: TokenUsage;
  costMicroUsd: MicroUsd;
  model: string;
  cached: boolean;
}

/**
 * The CodeGeneration aggregate. A generation whose validation has any error ends `failed`, keeping
 * its files and findings so the user can see what was wrong.
 */
export class CodeGeneration {
  private pending: DomainEvent[] = [];

  private constructor(private state: GenerationRecord) {}

  static create(args: { id: string; identity: Identity; projectId: string; generationType: GenerationType; now: string }): CodeGeneration {
    return new CodeGeneration({
      id: args.id,
      orgId: args.identity.orgId,
      userId: args.identity.userId,
      projectId: args.projectId,
      generationType: args.generationType,
      status: 'pending',
      specification: null,
      templateContext: null,
      files: [],
      validationResults: [],
      findings: [],
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

  static fromRecord(record: GenerationRecord): CodeGeneration {
    return new CodeGeneration(structuredClone(record));
  }

  get id(): string { return this.state.id; }
  get status(): Status { return this.state.status; }
  get retryCount(): number { return this.state.retryCount; }

  /** The current state itself, not a copy, for the store to serialise. Callers must not change it. */
  view(): Readonly<GenerationRecord> {
    return this.state;
  }

  /** Records that the store now holds this state as `version`. */
  markSaved(version: number): void {
    this.state.version = version;
  }

  toRecord(): GenerationRecord {
    return structuredClone(this.state);
  }

  pullEvents(): DomainEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }

  queue(sanitized: { specification: unknown; templateContext: unknown }, redactions: RedactionCount[]): void {
    // Only a new job is queued here; one whose run ended without an outcome goes back through retry().
    this.transition('queued', 'pending');
    this.state.specification = sanitized.specification;
    this.state.templateContext = sanitized.templateContext;
    this.state.redactions = redactions;
  }

  start(ctx: ChangeContext, sanitized?: { specification: unknown; templateContext: unknown }, redactions?: RedactionCount[]): void {
    this.transition('in_progress');
    if (sanitized) {
      this.state.specification = sanitized.specification;
      this.state.templateContext = sanitized.templateContext;
    }
    if (redactions) this.state.redactions = redactions;
    this.state.startedAt = ctx.now;
    this.record(ctx, 'CodeGenerationStarted', { projectId: this.state.projectId, generationType: this.state.generationType });
  }

  /** Completes when every file is valid, fails with the error findings otherwise. */
  finish(ctx: ChangeContext, outcome: GenerationOutcome): void {
    const errors = outcome.findings.filter((f) => f.severity === 'error');
    const invalidFiles = outcome.validationResults.filter((r) => !r.isValid);
    const valid = errors.length === 0 && invalidFiles.length === 0;
    this.transition(valid ? 'completed' : 'failed');
    // Cloned so that later changes to the caller's objects cannot alter the aggregate.
    Object.assign(this.state, {
      files: structuredClone(outcome.files),
      validationResults: structuredClone(outcome.validationResults),
      findings: structuredClone(outcome.findings),
      tokensUsed: { ...outcome.tokensUsed },
      costMicroUsd: outcome.costMicroUsd,
      model: outcome.model,
      cached: outcome.cached,
      completedAt: ctx.now,
    });
    if (valid) {
      this.state.errorMessage = null;
      this.record(ctx, 'CodeGenerationCompleted', {
        projectId: this.state.projectId,
        generationType: this.state.generationType,
        generatedFiles: outcome.files.map((f) => f.path),
        cached: outcome.cached,
        costMicroUsd: outcome.costMicroUsd,
      });
      return;
    }
    const messages = errors.map((f) => `${f.file}:${f.line}: ${f.category} ${f.message}`);
    for (const r of invalidFiles) {
      if (errors.some((f) => f.file === r.fileName)) continue;
      // A file marked invalid without any message still counts as one error.
      messages.push(...(r.errors.length > 0 ? r.errors.map((e) => `${r.fileName}: ${e}`) : [`${r.fileName}: invalid`]));
    }
    const shown = messages.slice(0, 3).join('; ');
    const more = messages.length > 3 ? ` (and ${messages.length - 3} more)` : '';
    const end = more === '' && /[.!?]$/.test(shown) ? '' : '.';
    this.state.errorMessage = `Generated code failed validation with ${messages.length} error(s): ${shown}${more}${end}`;
    this.record(ctx, 'CodeGenerationFailed', { projectId: this.state.projectId, errors: messages.slice(0, 50) });
  }

  fail(ctx: ChangeContext, errorMessage: string, billed?: { tokensUsed: TokenUsage; costMicroUsd: MicroUsd; model: string | null }): void {
    this.transition('failed');
    this.state.errorMessage = errorMessage;
    this.state.completedAt = ctx.now;
    if (billed) {
      this.state.tokensUsed = { ...billed.tokensUsed };
      this.state.costMicroUsd = billed.costMicroUsd;
      this.state.model = billed.model;
    }
    this.record(ctx, 'CodeGenerationFailed', { projectId: this.state.projectId, errors: [errorMessage] });
  }

  cancel(ctx: ChangeContext): void {
    this.transition('cancelled');
    this.state.completedAt = ctx.now;
    this.record(ctx, 'CodeGenerationCancelled', { projectId: this.state.projectId });
  }

  /** Ends the job `timeout`: its run did not finish and no retry is left. */
  timeOut(ctx: ChangeContext): void {
    this.transition('timeout');
    this.state.completedAt = ctx.now;
    this.state.errorMessage = 'The generation did not finish in time.';
    this.record(ctx, 'CodeGenerationTimedOut', { projectId: this.state.projectId });
  }

  /**
   * Queues an in-progress job again after its run ended without an outcome; each retry is counted.
   * The lifecycle's way back to `queued` passes through `timeout`, yet only CodeGenerationRetried is recorded:
   * consumers take a TimedOut event as the end of the job, and this job has not ended.
   */
  retry(ctx: ChangeContext, reason: RetryReason): void {
    if (this.state.status !== 'in_progress') throw new IllegalTransitionError('generation', this.state.id, this.state.status, 'queued');
    this.transition('timeout');
    this.transition('queued');
    this.state.retryCount += 1;
    this.record(ctx, 'CodeGenerationRetried', { projectId: this.state.projectId, attempt: this.state.retryCount + 1, reason });
  }

  /** `from`, when given, narrows the lifecycle for methods that share a target status. */
  private transition(to: Status, from?: Status): void {
    if (from !== undefined && this.state.status !== from) throw new IllegalTransitionError('generation', this.state.id, this.state.status, to);
    assertTransition('generation', this.state.id, this.state.status, to);
    this.state.status = to;
  }

  private record<N extends DomainEvent['name']>(ctx: ChangeContext, name: N, payload: Extract<DomainEvent, { name: N }>['payload']): void {
    this.pending.push({ id: ctx.newId(), name, occurredAt: ctx.now, orgId: this.state.orgId, aggregateId: this.state.id, payload } as DomainEvent);
  }
}
