import type { TokenUsage } from '../domain/token-usage.js';

/** What governance needs from the price table (claude/pricing implements it). */
export interface Prices {
  costMicroUsd(model: string, usage: TokenUsage): number;
  worstCaseMicroUsd(model: string, inputTokens: number, maxTokens: number): number;
  maxTokensWithin(model: string, inputTokens: number, budgetMicroUsd: number): number;
}
