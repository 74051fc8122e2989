import { RequestTimeoutError } from './errors/http-errors.js';

interface RunningCall {
  controller: AbortController;
  /** Resolves when the core's work has ended (its final write done), however it ended. */
  ended: Promise<void>;
}

/**
 * The synchronous model calls this server is running. Each runs with a signal that aborts when its
 * deadline passes (the request answers 504) or when the server shuts down (503): the signal tells the
 * core to stop, fail the analysis or generation and release what it reserved. Shutdown waits for
 * that to be written, so no call is left `in_progress` with its reservation held when the store closes.
 */
export class SyncCalls {
  private readonly running = new Set<RunningCall>();

  /** How many calls have not ended yet (including ones whose client has already been answered or left). */
  get size(): number {
    return this.running.size;
  }

  /**
   * Runs `work` with a signal that aborts after `ms` or at shutdown; the request is answered with the
   * abort's reason at once, while the core winds the work down.
   */
  async run<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      controller.abort(new RequestTimeoutError(`The request did not finish within ${Math.round(ms / 1000)} s. Retry later, or submit it with ?async=true and poll or stream its events.`));
    }, ms);
    const stopped = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
    });
    stopped.catch(() => undefined);
    const working = work(controller.signal);
    const call: RunningCall = { controller, ended: working.then(() => undefined, () => undefined) };
    this.running.add(call);
    void call.ended.then(() => {
      clearTimeout(timer);
      this.running.delete(call);
    });
    return Promise.race([working, stopped]);
  }

  /** Resolves true once every call has ended, or false when `ms` passes first. */
  async idle(ms: number): Promise<boolean> {
    if (this.running.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
    const ended = Promise.all([...this.running].map((call) => call.ended)).then(() => true as const);
    const result = await Promise.race([ended, timedOut]);
    clearTimeout(timer);
    return result;
  }

  /** Aborts every running call with `reason` and waits (at most `waitMs`) for the core to end them. */
  async abortAll(reason: Error, waitMs: number): Promise<void> {
    for (const call of this.running) call.controller.abort(reason);
    await this.idle(waitMs);
  }
}
