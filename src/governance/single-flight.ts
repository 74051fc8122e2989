/**
 * Concurrent callers with the same key share one execution: the first runs, the others await its
 * result. Keys are forgotten as soon as the execution settles.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  /** Whether a call with this key is running now. */
  has(key: string): boolean {
    return this.inFlight.has(key);
  }

  /** The running call's promise, or null when none runs. */
  join(key: string): Promise<T> | null {
    return this.inFlight.get(key) ?? null;
  }

  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const promise = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }
}
