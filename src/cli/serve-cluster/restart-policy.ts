/**
 * When a worker that exited unexpectedly is replaced, and when the primary gives up. A worker that
 * exits before it listens, or soon after it started, is a quick exit; each quick exit in a row doubles
 * the wait before the replacement, and `maxQuickExits` of them in a row give up (a worker that keeps
 * dying at start would otherwise restart forever). A worker that ran longer ends the streak.
 */
export interface RestartPolicyOptions {
  /** A worker that exits within this long of being started counts as a quick exit; default 10 s. */
  quickExitMs: number;
  /** Quick exits in a row that make the primary give up; default 5. */
  maxQuickExits: number;
  /** Wait before replacing after the first quick exit, doubled for each further one; default 250 ms. */
  baseDelayMs: number;
  /** Longest wait before a replacement; default 10 s. */
  maxDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = { quickExitMs: 10_000, maxQuickExits: 5, baseDelayMs: 250, maxDelayMs: 10_000 };

export interface WorkerExit {
  /** Whether the worker had reported that it listens. */
  listened: boolean;
  /** Time from fork to exit. */
  livedMs: number;
}

export type RestartDecision =
  | { giveUp: false; delayMs: number; quickExits: number }
  | { giveUp: true; quickExits: number };

export interface RestartPolicy {
  /** Decides what follows an unexpected exit. */
  onExit(exit: WorkerExit): RestartDecision;
}

export function createRestartPolicy(overrides: Partial<RestartPolicyOptions> = {}): RestartPolicy {
  const options = { ...DEFAULT_RESTART_POLICY, ...overrides };
  let quickExits = 0;
  return {
    onExit({ listened, livedMs }) {
      const quick = !listened || livedMs < options.quickExitMs;
      quickExits = quick ? quickExits + 1 : 0;
      if (quickExits >= options.maxQuickExits) return { giveUp: true, quickExits };
      const delayMs = quickExits === 0 ? 0 : Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (quickExits - 1));
      return { giveUp: false, delayMs, quickExits };
    },
  };
}
