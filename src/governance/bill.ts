import { addTokens, ZERO_TOKENS, type TokenUsage } from '../domain/token-usage.js';

/** What one user request has been billed so far, across its model calls (first call, repairs). */
export class Bill {
  usage: TokenUsage = { ...ZERO_TOKENS };
  costMicroUsd = 0;
  model: string | null = null;
  calls = 0;
  latencyMs = 0;

  add(call: { usage: TokenUsage; costMicroUsd: number; model: string; latencyMs: number }): void {
    this.usage = addTokens(this.usage, call.usage);
    this.costMicroUsd += call.costMicroUsd;
    this.model = call.model;
    this.calls += 1;
    this.latencyMs += call.latencyMs;
  }

  snapshot(): { tokensUsed: TokenUsage; costMicroUsd: number; model: string | null } {
    return { tokensUsed: { ...this.usage }, costMicroUsd: this.costMicroUsd, model: this.model };
  }
}
