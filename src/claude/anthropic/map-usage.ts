import type { Usage } from '@anthropic-ai/sdk/resources/messages';
import type { TokenUsage } from '../../domain/token-usage.js';

/** The API's usage object as our TokenUsage; the 5m/1h split is kept when the API reports it. */
export function toTokenUsage(usage: Partial<Usage> | null | undefined): TokenUsage {
  const mapped: TokenUsage = {
    input: count(usage?.input_tokens),
    output: count(usage?.output_tokens),
    cacheCreation: count(usage?.cache_creation_input_tokens),
    cacheRead: count(usage?.cache_read_input_tokens),
  };
  const split = usage?.cache_creation;
  if (split) {
    mapped.cacheCreation5m = count(split.ephemeral_5m_input_tokens);
    mapped.cacheCreation1h = count(split.ephemeral_1h_input_tokens);
  }
  return mapped;
}

function count(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}
