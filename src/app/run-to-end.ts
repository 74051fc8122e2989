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
 * Runs the model work of a started aggregate (`work` completes it), then persists it with its events
 * and reports the final status. A failure fails the aggregate, keeping what was billed; work that
 * completed but failed is returned, anything else is rethrown after the aggregate is stored.
 */
export async function runToEnd<A extends EndableAggregate>(args: {
  aggregate: A;
  work: () => Promise<void>;
  bill: Bill;
  persist: (aggregate: A) => Promise<A>;
  deps: Pick<AIIntegrationDeps, 'clock' | 'ids' | 'logger'>;
  progress: ProgressBus;
  options: CallOptions;
}): Promise<{ aggregate: A; completed: boolean }> {
  const { aggregate, deps, progress, options } = args;
  let completed = true;
  try {
    await args.work();
  } catch (error) {
    const failure = failureMessage(error, deps.logger, { id: aggregate.id });
    aggregate.fail(changeContext(deps.clock, deps.ids), failure.message, args.bill.calls > 0 ? args.bill.snapshot() : undefined);
    if (failure.rethrow) {
      const failed = await args.persist(aggregate);
      emit(progress, options, { type: 'status', id: failed.id, status: failed.status });
      throw error;
    }
    completed = false;
  }
  const ended = await args.persist(aggregate);
  emit(progress, options, { type: 'status', id: ended.id, status: ended.status });
  return { aggregate: ended, completed };
}
