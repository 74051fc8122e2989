import type { z } from 'zod';
import type { Operation } from '../domain/operations.js';
import type { TokenUsage } from '../domain/token-usage.js';

export interface ModelRequest<S extends z.ZodType> {
  operation: Operation;
  /** API model id, e.g. `claude-sonnet-5-5`. */
  model: string;
  /** Static system prompt (cacheable: it never contains user content). */
  system: string;
  /** Schema the structured output must satisfy. */
  schema: S;
  /** The user turn: delimited, sanitized user content. */
  userContent: string;
  /** For a repair round: the previous answer and what was wrong with it. */
  repair?: { previousOutput: string; problems: string[] };
  maxTokens: number;
  timeoutMs: number;
  /** Stream the answer (long generations); progress reports the output tokens so far. */
  stream: boolean;
  onProgress?: (progress: { outputTokens: number }) => void;
  signal?: AbortSignal;
}

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | 'model_context_window_exceeded' | string;

/**
 * What came back from one billed model call. A response is returned whenever the API answered —
 * even when the output is unusable — because its tokens were billed and must be settled.
 */
export interface ModelResponse<T> {
  /** The schema-valid output, or null when it did not parse or validate (see parseError). */
  parsed: T | null;
  parseError: string | null;
  /** The raw text of the answer (used for a repair round; never logged). */
  rawText: string;
  usage: TokenUsage;
  /** The model that answered (may be a dated snapshot of the requested alias). */
  model: string;
  stopReason: StopReason;
  latencyMs: number;
  requestId: string | null;
}

/**
 * The one door to Claude. Throws `ModelUnavailableError` when nothing billable came back (network,
 * timeouts, 5xx/429/529 after the SDK's retries, spend limit reached), `MissingApiKeyError` when no key.
 */
export interface Model {
  invoke<S extends z.ZodType>(request: ModelRequest<S>): Promise<ModelResponse<z.infer<S>>>;
}
