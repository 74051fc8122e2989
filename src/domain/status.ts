import { IllegalTransitionError } from './errors.js';

export const STATUSES = ['pending', 'queued', 'in_progress', 'completed', 'failed', 'cancelled', 'timeout'] as const;
export type Status = (typeof STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<Status> = new Set(['completed', 'failed', 'cancelled', 'timeout']);

/**
 * The lifecycle shared by analyses and generations. `timeout → queued` is the one way back: a job
 * whose worker vanished may be retried (the retry count bounds it). The aggregates' retry() passes
 * through `timeout` without recording a TimedOut event, which only a job that really ends records.
 */
const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  pending: ['queued', 'in_progress', 'cancelled'],
  queued: ['in_progress', 'cancelled', 'timeout'],
  in_progress: ['completed', 'failed', 'cancelled', 'timeout'],
  completed: [],
  failed: [],
  cancelled: [],
  timeout: ['queued'],
};

export function canTransition(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(kind: string, id: string, from: Status, to: Status): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(kind, id, from, to);
}

export function isTerminal(status: Status): boolean {
  return TERMINAL_STATUSES.has(status);
}
