/** The steps of a governed request whose time is reported (HTTP `Server-Timing`). */
export type Step = 'cache' | 'admit' | 'model' | 'store';

/**
 * How long each step of one governed request took — the cache lookup, admission (reservation and
 * the start write, including any wait for room), the Claude call(s) and the final write — so that a
 * client sees where a response's time went. A step run twice (a repair round) is summed.
 */
export class StepTimings {
  private readonly steps = new Map<Step, number>();

  add(step: Step, ms: number): void {
    this.steps.set(step, (this.steps.get(step) ?? 0) + ms);
  }

  async time<T>(step: Step, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(step, performance.now() - started);
    }
  }

  entries(): [Step, number][] {
    return [...this.steps.entries()];
  }
}
