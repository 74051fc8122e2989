import type { ChangeContext } from '../domain/aggregate-context.js';
import type { Status } from '../domain/status.js';
import type { Bill } from '../governance/bill.js';
import type { CallOptions } from './ai-integration.js';
import { changeContext } from './aggregate-io.js';
import type { AIIntegrationDeps } from './deps.js';
import { failureMessage } from './failure.js';
import { emit, type ProgressBus } from './progress-bus.js';

/** What analyses and generations have in common at the end of a run. */
export interface EndableAggregate {
  readonly id: string;
  readonly status: Status;
  fail(ctx: ChangeContext, errorMessage: string, billed?: ReturnType<Bill['snapshot']>): void;
}

/**
 * Lets the write of a started aggregate run without waiting for it: the reservation's write joins its
 * commit, and the model is called only once it has succeeded (see ModelCall.ready). The started status
 * is reported when it has.
 */
export function saveStartInBackground(saving: Promise<{ id: string; status: Status }>, progress: ProgressBus, options: CallOptions): Promise<void> {
  const saved = saving.then((started) => {
    emit(progress, options, { type: 'status', id: started.id, status: started.status });
  });
  saved.catch(() => undefined); // awaited, and so reported, before the model call and the final write
  return saved;
}

/** What the model work leaves to be awaited with the final write. */
export interface WorkDone {
  /** The answer's cache entry (see GovernedAnswer.cacheFilled). */
  cacheFilled: Promise<void>;
}

/**
 * Runs the model work of a started aggregate (`work` completes it), then persists it with its events
 * and reports the final status. A failure fails the aggregate, keeping what was billed; work that
 * completed but failed is returned, anything else is rethrown after the aggregate is stored.
 *
 * `startSaved` is the write of the started aggregate, still in flight when the work begins (it commits
 * with the reservation); it must have succeeded before the final write. The cache entry the work
 * wrote commits with that final write; if it fails, the result stands and the failure is logged.
 */
export async function runToEnd<A extends EndableAggregate>(args: {
  aggregate: A;
  startSaved: Promise<unknown>;
  work: () => Promise<WorkDone>;
  bill: Bill;
  persist: (aggregate: A) => Promise<A>;
  deps: Pick<AIIntegrationDeps, 'clock' | 'ids' | 'logger'>;
  progress: ProgressBus;
  options: CallOptions;
}): Promise<{ aggregate: A; completed: boolean }> {
  const { aggregate, deps, progress, options } = args;
  const persist = async (): Promise<A> => {
    await args.startSaved;
    return args.persist(aggregate);
  };
  /**
   * The usage of the request's calls, written with its final write. If it could not be stored the
   * result stands (it was paid for), and the call's reservation keeps its worst case counted until
   * its lease runs out.
   */
  const usageRecorded = (): Promise<void> => args.bill.recorded().catch((error: unknown) => {
    deps.logger.error({ aggregateId: aggregate.id, error: error instanceof Error ? error.message : String(error) }, 'the usage of a model call could not be recorded; its reservation is released when its lease runs out');
  });
  let completed = true;
  let cacheFilled: Promise<void> = Promise.resolve();
  try {
    ({ cacheFilled } = await args.work());
  } catch (error) {
    const failure = failureMessage(error, deps.logger, { id: aggregate.id });
    aggregate.fail(changeContext(deps.clock, deps.ids), failure.message, args.bill.calls > 0 ? args.bill.snapshot() : undefined);
    if (failure.rethrow) {
      const failed = await persist();
      await usageRecorded();
      emit(progress, options, { type: 'status', id: failed.id, status: failed.status });
      throw error;
    }
    completed = false;
  }
  const storing = performance.now();
  const ended = await persist();
  await usageRecorded();
  options.timings?.add('store', performance.now() - storing);
  await cacheFilled.catch((error: unknown) => {
    deps.logger.warn({ aggregateId: aggregate.id, error: error instanceof Error ? error.message : String(error) }, 'the answer could not be cached; the result is stored all the same');
  });
  emit(progress, options, { type: 'status', id: ended.id, status: ended.status });
  return { aggregate: ended, completed };
}
