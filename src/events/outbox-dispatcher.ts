import type { Clock } from '../ports/clock.js';
import type { EventPublisher } from '../ports/event-publisher.js';
import type { Store } from '../ports/store.js';
import { backoffDelayMs } from './backoff.js';
import type { EventLogger } from './event-logger.js';

export interface OutboxDispatcherOptions {
  store: Pick<Store, 'outbox'>;
  /** Every event goes to every publisher. */
  publishers: readonly EventPublisher[];
  clock: Clock;
  logger: EventLogger;
  /** Events claimed per pass; default 50. */
  batchSize?: number;
  /** How long a claimed batch is hidden from other dispatchers; default 60 s. */
  leaseMs?: number;
  /** Pause between passes when the outbox had nothing more; default 1 s. */
  intervalMs?: number;
  /** First redelivery delay of a failed event, doubled per attempt with jitter; default 5 s. */
  retryBaseMs?: number;
  /** Longest redelivery delay; default 15 min. */
  retryMaxMs?: number;
}

export interface DispatchResult {
  delivered: number;
  failed: number;
}

export interface OutboxDispatcher {
  /** One pass: claims due events, publishes them, records the outcome. */
  runOnce(): Promise<DispatchResult>;
  /**
   * Passes until nothing more is due, or until a pass delivers nothing (a destination keeps
   * failing); returns the totals. For callers without a background loop, such as a Lambda.
   */
  drain(): Promise<DispatchResult>;
  /** Runs passes in the background until `stop`. */
  start(): void;
  /** Stops the background loop, then drains before resolving. */
  stop(): Promise<void>;
}

/**
 * Delivers the outbox at least once: an event is marked delivered only when every publisher accepted
 * it; otherwise it is scheduled again with backoff and all publishers get it again, so consumers
 * de-duplicate by event id.
 */
export function createOutboxDispatcher(options: OutboxDispatcherOptions): OutboxDispatcher {
  const { store, publishers, clock, logger } = options;
  const batchSize = options.batchSize ?? 50;
  const leaseMs = options.leaseMs ?? 60_000;
  const intervalMs = options.intervalMs ?? 1_000;
  const retryBaseMs = options.retryBaseMs ?? 5_000;
  const retryMaxMs = options.retryMaxMs ?? 15 * 60_000;
  let loop: Promise<void> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;

  const publishToAll = async (events: Parameters<EventPublisher['publish']>[0]): Promise<Set<string>> => {
    const failed = new Set<string>();
    const batchIds = new Set(events.map((event) => event.id));
    await Promise.all(publishers.map(async (publisher) => {
      try {
        const { failedIds } = await publisher.publish(events);
        for (const id of failedIds) if (batchIds.has(id)) failed.add(id);
      } catch (error) {
        logger.error({ publisher: publisher.name, events: events.length, err: error instanceof Error ? error.message : String(error) }, 'event publisher threw; the batch will be retried');
        for (const id of batchIds) failed.add(id);
      }
    }));
    return failed;
  };

  const runOnce = async (): Promise<DispatchResult> => {
    const now = clock.now();
    const entries = await store.outbox.claim(batchSize, now.toISOString(), leaseMs);
    if (entries.length === 0) return { delivered: 0, failed: 0 };
    const failed = await publishToAll(entries.map((entry) => entry.event));
    const deliveredIds = entries.map((entry) => entry.event.id).filter((id) => !failed.has(id));
    if (deliveredIds.length > 0) await store.outbox.markDelivered(deliveredIds);
    for (const entry of entries) {
      if (!failed.has(entry.event.id)) continue;
      const attempt = entry.attempts + 1;
      const nextAttemptAt = new Date(now.getTime() + backoffDelayMs(attempt, retryBaseMs, retryMaxMs)).toISOString();
      await store.outbox.markFailed(entry.event.id, nextAttemptAt);
      logger.warn({ eventId: entry.event.id, eventName: entry.event.name, attempt, nextAttemptAt }, 'event not delivered to every publisher; scheduled again');
    }
    return { delivered: deliveredIds.length, failed: failed.size };
  };

  const drain = async (): Promise<DispatchResult> => {
    const total: DispatchResult = { delivered: 0, failed: 0 };
    let pass: DispatchResult;
    do {
      pass = await runOnce();
      total.delivered += pass.delivered;
      total.failed += pass.failed;
    } while (pass.delivered > 0 && pass.delivered + pass.failed >= batchSize);
    return total;
  };

  const pause = (): Promise<void> => new Promise((resolve) => {
    const timer = setTimeout(resolve, intervalMs);
    // A forgotten dispatcher must not keep a finished CLI process alive.
    timer.unref();
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

  const runLoop = async (): Promise<void> => {
    while (!stopping) {
      let result: DispatchResult = { delivered: 0, failed: 0 };
      try {
        result = await runOnce();
      } catch (error) {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'outbox dispatch pass failed; retrying after the interval');
      }
      if (!stopping && result.delivered + result.failed < batchSize) await pause();
      wake = null;
    }
  };

  return {
    runOnce,
    drain,
    start() {
      if (loop !== null) return;
      stopping = false;
      loop = runLoop();
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      loop = null;
      await drain();
    },
  };
}
