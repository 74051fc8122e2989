import type { Identity } from '../domain/identity.js';
import type { StepTimings } from '../governance/step-timings.js';
import type { AnalysisType, GenerationType } from '../domain/operations.js';
import type { Status } from '../domain/status.js';
import type { GeneratedFile, ValidationReport } from '../domain/validation-result.js';
import type { Page } from '../ports/store.js';
import type { AnalysisResult, GenerationResult } from './results.js';
import type { LimitsReport } from './limits-report.js';
import type { UsageMetricsView } from './usage-metrics.js';

export interface RecoverOptions {
  /**
   * The job's run was stopped on purpose (a shutdown deadline): it is queued again whatever its
   * attempts, and the claim it took does not count as one.
   */
  handBack?: boolean;
}

export interface AnalyzeRequest {
  /** Defaults to `default`. */
  projectId?: string;
  analysisType: AnalysisType;
  /** The material to analyse, e.g. `{ requirements: "...", context: {...} }`. Sanitized before use. */
  input: Record<string, unknown>;
}

export interface GenerateRequest {
  projectId?: string;
  generationType: GenerationType;
  specification: unknown;
  templateContext?: unknown;
}

/** Progress of one analysis or generation, for spinners and server-sent events. */
export type Progress =
  | { type: 'status'; id: string; status: Status }
  | { type: 'tokens'; id: string; outputTokens: number }
  | { type: 'validation'; id: string; valid: boolean; errors: number; warnings: number }
  | { type: 'repair'; id: string; round: number }
  /** The call waits for room on `limit` (held by running requests, or until `resetsAt`). */
  | { type: 'waiting'; id: string; limit: string; resetsAt: string | null };

export interface CallOptions {
  /** Skip the cache lookup; the fresh answer still refreshes the cache. */
  noCache?: boolean;
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
  /**
   * How long the call may wait for room held by running requests (a concurrency limit, a budget
   * reserved by calls in progress) before it is refused; default 10 s. When set, the call also
   * waits for a per-minute limit to reset within it (otherwise that is refused at once). Queued jobs
   * wait up to 15 min.
   */
  maxWaitForRoomMs?: number;
  /** Receives how long each step took (cache lookup, admission, Claude, final write). */
  timings?: StepTimings;
}

export interface SubmitOptions {
  /** The job skips the cache lookup when it runs. */
  noCache?: boolean;
}

export interface Submitted {
  id: string;
  status: Status;
}

/**
 * The library API: one core behind the CLI, the HTTP service and Lambda.
 * Every method takes the caller's identity; resources of other organisations are not found.
 */
export interface AIIntegration {
  analyze(identity: Identity, request: AnalyzeRequest, options?: CallOptions): Promise<AnalysisResult>;
  generate(identity: Identity, request: GenerateRequest, options?: CallOptions): Promise<GenerationResult>;
  /** Validates, sanitizes and queues an analysis as a durable job; a worker runs it. */
  submitAnalysis(identity: Identity, request: AnalyzeRequest, options?: SubmitOptions): Promise<Submitted>;
  submitGeneration(identity: Identity, request: GenerateRequest, options?: SubmitOptions): Promise<Submitted>;
  /**
   * Runs one claimed job (its aggregate is `queued`) to its end; used by the worker pool and the
   * Lambda worker. The caller owns the job's lease and marks it done afterwards.
   */
  runJob(jobId: string, options?: CallOptions): Promise<void>;
  /**
   * Deals with a job whose worker vanished (lease expired): the first time it is queued again
   * (`retried`), after that its aggregate ends `timeout`. Reservations it held expire with their lease.
   */
  recoverJob(jobId: string, options?: RecoverOptions): Promise<'retried' | 'timed_out' | 'already_finished'>;
  getAnalysis(identity: Identity, id: string): Promise<AnalysisResult>;
  getGeneration(identity: Identity, id: string): Promise<GenerationResult>;
  listAnalyses(identity: Identity, projectId: string, page: { limit: number; cursor?: string | null }): Promise<Page<AnalysisResult>>;
  listGenerations(identity: Identity, projectId: string, page: { limit: number; cursor?: string | null }): Promise<Page<GenerationResult>>;
  usage(identity: Identity, options: { days: number; orgWide: boolean }): Promise<UsageMetricsView>;
  limits(identity: Identity, options?: { orgWide?: boolean }): Promise<LimitsReport>;
  /** Subscribes to progress of one aggregate in this process; returns the unsubscribe function. */
  onProgress(id: string, listener: (progress: Progress) => void): () => void;
  validate(files: GeneratedFile[]): Promise<ValidationReport>;
  close(): Promise<void>;
}
