import { addTokens, ZERO_TOKENS, type TokenUsage } from '../domain/token-usage.js';

/** What one user request has been billed so far, across its model calls (first call, repairs). */
export class Bill {
  usage: TokenUsage = { ...ZERO_TOKENS };
  costMicroUsd = 0;
  model: string | null = null;
  calls = 0;
  latencyMs = 0;
  private readonly settlements: Promise<void>[] = [];

  /**
   * `settled` is the write that records the call against its reservation, started but not awaited,
   * so that it commits together with the request's final write (see `recorded`).
   */
  add(call: { usage: TokenUsage; costMicroUsd: number; model: string; latencyMs: number }, settled: Promise<void> = Promise.resolve()): void {
    // Whoever awaits `recorded` handles a failure; until then it must not count as unhandled.
    settled.catch(() => undefined);
    this.settlements.push(settled);
    this.usage = addTokens(this.usage, call.usage);
    this.costMicroUsd += call.costMicroUsd;
    this.model = call.model;
    this.calls += 1;
    this.latencyMs += call.latencyMs;
  }

  /** Resolves once every call's usage is stored; rejects with the first write that failed. */
  async recorded(): Promise<void> {
    await Promise.all(this.settlements);
  }

  snapshot(): { tokensUsed: TokenUsage; costMicroUsd: number; model: string | null } {
    return { tokensUsed: { ...this.usage }, costMicroUsd: this.costMicroUsd, model: this.model };
  }
}
