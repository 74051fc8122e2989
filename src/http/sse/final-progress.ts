import type { Progress } from '../../app/ai-integration.js';
import type { AnalysisResult, GenerationResult } from '../../app/results.js';

/** What a stream has told its client so far. */
export interface ProgressSeen {
  /** The last `outputTokens` sent, or null before any `tokens` event. */
  outputTokens: number | null;
  validation: boolean;
}

/**
 * The progress a stream that watched a run has not been told by the time the run ends: the final
 * output-token count (a synchronous analysis reads Claude's answer whole, and a job running in
 * another process reports nothing here), and a generation's validation outcome. Read from the stored
 * result, so every watched run reports its token count and, for generations, its validation before
 * `done`.
 */
export function finalProgress(result: AnalysisResult | GenerationResult, seen: ProgressSeen): Progress[] {
  const events: Progress[] = [];
  if (seen.outputTokens !== result.tokensUsed.output) {
    events.push({ type: 'tokens', id: result.id, outputTokens: result.tokensUsed.output });
  }
  if ('validationResults' in result && !seen.validation && result.validationResults.length > 0) {
    const count = (severity: string): number => result.findings.filter((finding) => finding.severity === severity).length;
    events.push({ type: 'validation', id: result.id, valid: result.validationResults.every((file) => file.isValid), errors: count('error'), warnings: count('warning') });
  }
  return events;
}
