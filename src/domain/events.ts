import type { Recommendation } from './recommendation.js';

/**
 * Domain events. Payloads carry ids, types, counts and messages written by this product — never
 * the user's input, sanitized or not.
 */
interface EventBase<Name extends string, Payload> {
  /** Unique id; consumers de-duplicate deliveries by it. */
  id: string;
  name: Name;
  occurredAt: string;
  orgId: string;
  /** The aggregate the event belongs to (analysis or generation id), or the user for usage events. */
  aggregateId: string;
  payload: Payload;
}

export type AIAnalysisStarted = EventBase<'AIAnalysisStarted', { projectId: string; analysisType: string }>;
export type AIAnalysisCompleted = EventBase<'AIAnalysisCompleted', {
  projectId: string;
  analysisType: string;
  recommendations: Pick<Recommendation, 'title' | 'priority' | 'category' | 'impact'>[];
  confidenceScore: number;
  cached: boolean;
  costMicroUsd: number;
}>;
export type AIAnalysisFailed = EventBase<'AIAnalysisFailed', { projectId: string; errorMessage: string }>;
export type AIAnalysisCancelled = EventBase<'AIAnalysisCancelled', { projectId: string }>;
export type AIAnalysisTimedOut = EventBase<'AIAnalysisTimedOut', { projectId: string }>;

/** Why a job's run ended without an outcome and the job was queued again. */
export type RetryReason = 'lease_expired' | 'handed_back';
/**
 * A run ended without an outcome (its worker vanished, or a shutdown handed it back) and the job is
 * queued again; `attempt` is the number of the run that comes next (2 after the first run).
 */
interface RetriedPayload { projectId: string; attempt: number; reason: RetryReason }
export type AIAnalysisRetried = EventBase<'AIAnalysisRetried', RetriedPayload>;
export type CodeGenerationStarted = EventBase<'CodeGenerationStarted', { projectId: string; generationType: string }>;
export type CodeGenerationCompleted = EventBase<'CodeGenerationCompleted', {
  projectId: string;
  generationType: string;
  generatedFiles: string[];
  cached: boolean;
  costMicroUsd: number;
}>;
export type CodeGenerationFailed = EventBase<'CodeGenerationFailed', { projectId: string; errors: string[] }>;
export type CodeGenerationCancelled = EventBase<'CodeGenerationCancelled', { projectId: string }>;
export type CodeGenerationTimedOut = EventBase<'CodeGenerationTimedOut', { projectId: string }>;
export type CodeGenerationRetried = EventBase<'CodeGenerationRetried', RetriedPayload>;
export type AIUsageLimitExceeded = EventBase<'AIUsageLimitExceeded', {
  operation: string;
  userId: string;
  limit: string;
  limitValue: number;
  current: number;
  resetsAt?: string;
}>;

export type DomainEvent =
  | AIAnalysisStarted | AIAnalysisCompleted | AIAnalysisFailed | AIAnalysisCancelled | AIAnalysisTimedOut
  | AIAnalysisRetried | CodeGenerationStarted | CodeGenerationCompleted | CodeGenerationFailed
  | CodeGenerationCancelled | CodeGenerationTimedOut | CodeGenerationRetried | AIUsageLimitExceeded;

export type DomainEventName = DomainEvent['name'];
