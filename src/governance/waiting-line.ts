/** One request waiting for room on a limit. */
export interface Waiter {
  /** The counter whose limit it waits on. */
  key: string | null;
  /** Resolves the current wait; null while the waiter is not waiting (it is trying to reserve). */
  resume: (() => void) | null;
  /** A wake that came while the waiter was trying: its next wait returns at once. */
  woken: boolean;
}

/**
 * First come, first served among the requests of this process that wait for room on a limit (a
 * concurrency slot, a budget held by running calls). Without it, a waiter polling with backoff lost
 * every freed slot to the request that arrived just then: with clients that send their next request
 * as soon as one is answered, the same few kept the slots and the rest waited until refused.
 *
 * A waiter keeps its place while it retries; room freed in this process (a settle or a release) wakes
 * the first waiter of that limit, and a request arriving while others wait for one of its limits
 * queues behind them. Room freed by other processes is found by the waits' timeouts (polling).
 */
export class WaitingLine {
  private readonly lines = new Map<string, Waiter[]>();

  static waiter(): Waiter {
    return { key: null, resume: null, woken: false };
  }

  /** Whether anyone waits at all (the common case, nobody, costs one check per admission). */
  get empty(): boolean {
    return this.lines.size === 0;
  }

  /** The first of `keys` that others wait on, if any. */
  busyKey(keys: readonly string[]): string | null {
    return keys.find((key) => (this.lines.get(key)?.length ?? 0) > 0) ?? null;
  }

  /**
   * Waits in the line of `key` (joined at the end, or moved there from another line) until woken or
   * `timeoutMs` passes. A waiter already in this line keeps its place.
   */
  wait(waiter: Waiter, key: string, timeoutMs: number): Promise<void> {
    if (waiter.key !== key) {
      this.leave(waiter);
      waiter.key = key;
      const line = this.lines.get(key);
      if (line) line.push(waiter);
      else this.lines.set(key, [waiter]);
    }
    if (waiter.woken) {
      waiter.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        waiter.resume = null;
        resolve();
      }
      waiter.resume = done;
    });
  }

  /** Room was freed on `key`: the first waiter tries again (now, or as soon as its current try fails). */
  wake(key: string): void {
    const first = this.lines.get(key)?.[0];
    if (!first) return;
    if (first.resume) first.resume();
    else first.woken = true;
  }

  /** Leaves the line (admitted or refused); a wake meant for this waiter passes to the next. */
  leave(waiter: Waiter): void {
    const key = waiter.key;
    if (key === null) return;
    waiter.key = null;
    const line = this.lines.get(key) ?? [];
    const at = line.indexOf(waiter);
    if (at >= 0) line.splice(at, 1);
    if (line.length === 0) this.lines.delete(key);
    if (waiter.woken) {
      waiter.woken = false;
      this.wake(key);
    }
  }
}
