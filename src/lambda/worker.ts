import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from 'pino';
import type { AIIntegration } from '../app/ai-integration.js';
import { createAIIntegrationFromEnv, createLogger } from '../app/bootstrap.js';
import type { AppConfig } from '../config/app-config.js';
import { SkafuError, StoreUnavailableError } from '../domain/errors.js';
import { createOutboxDispatcher, createPublishersFromConfig, type DispatchResult, type OutboxDispatcher } from '../events/index.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { EventPublisher } from '../ports/event-publisher.js';
import type { Store } from '../ports/store.js';
import { parseJobMessage } from './job-queue.js';

/** What the worker needs from the assembled core; `createAIIntegrationFromEnv` returns a superset. */
export interface WorkerRuntime {
  app: Pick<AIIntegration, 'runJob' | 'recoverJob'>;
  store: Pick<Store, 'jobs' | 'outbox' | 'quota'>;
  config: AppConfig;
  logger: Logger;
}

export type WorkerRuntimeFactory = (env: NodeJS.ProcessEnv) => Promise<WorkerRuntime>;

export interface WorkerOptions {
  /** Builds the core once per container; default: the environment bootstrap of src/app. */
  createRuntime?: WorkerRuntimeFactory;
  env?: NodeJS.ProcessEnv;
  /** Event destinations; default from config and env (`SKAFU_AI_WEBHOOK_URL`, `SKAFU_AI_EVENT_BUS`). */
  createPublishers?: (runtime: WorkerRuntime, env: NodeJS.ProcessEnv) => EventPublisher[];
  /** Time kept before the Lambda deadline so a job can end `failed` instead of being cut off; default 15 s. */
  deadlineMarginMs?: number;
  clock?: Clock;
  /** Where to log when the core cannot be built (afterwards the core's own logger is used). */
  logger?: Logger;
}

type LambdaContext = Pick<Context, 'getRemainingTimeInMillis'>;

interface Container {
  runtime: WorkerRuntime;
  dispatcher: OutboxDispatcher;
}

/**
 * Builds the container's core on first use and keeps it for later invocations. A failed build is
 * not kept, so the next invocation tries again (e.g. after a transient Secrets Manager error).
 */
function lazyContainer(options: WorkerOptions): () => Promise<Container> {
  const env = options.env ?? process.env;
  const createRuntime = options.createRuntime ?? defaultRuntime;
  let pending: Promise<Container> | null = null;
  return () => {
    if (pending === null) {
      const building = createRuntime(env).then((runtime) => {
        const publishers = options.createPublishers?.(runtime, env) ?? createPublishersFromConfig(runtime.config, env, runtime.logger);
        const dispatcher = createOutboxDispatcher({ store: runtime.store, publishers, clock: options.clock ?? systemClock, logger: runtime.logger });
        return { runtime, dispatcher };
      });
      // The caller sees the rejection; this only forgets the failed build.
      building.catch(() => {
        if (pending === building) pending = null;
      });
      pending = building;
    }
    return pending;
  };
}

const defaultRuntime: WorkerRuntimeFactory = (env) => createAIIntegrationFromEnv(env, { logger: createLogger(env, 'info') });

/**
 * The message must come back later because another delivery of it runs the job right now: expected
 * under at-least-once delivery, so it is logged as information, not as a failure.
 */
class HandedBack extends Error {}

/** Runs one job message; resolves when the message may be deleted, throws when it must come back. */
async function runJobMessage(runtime: WorkerRuntime, record: SQSRecord, signal: AbortSignal, lease: { now: string; until: string }): Promise<void> {
  const { app, store, logger } = runtime;
  const jobId = parseJobMessage(record.body);
  // Left to fail: after the queue's receive limit it lands in the DLQ, where it can be inspected.
  if (jobId === null) throw new Error(`SQS message ${record.messageId} is not a job message {"jobId": "..."}`);
  const job = await store.jobs.get(jobId);
  if (!job) {
    logger.warn({ jobId, messageId: record.messageId }, 'job message for an unknown job; deleting it');
    return;
  }
  if (job.state === 'done') return;
  // Another delivery of this message runs the job right now (SQS delivers at least once): let it.
  // This message comes back after its visibility timeout and finds the job done, or its lease over.
  if (job.state === 'running' && job.leaseExpiresAt !== null && job.leaseExpiresAt > lease.now) {
    throw new HandedBack(`job ${jobId} is being run by ${job.leaseOwner ?? 'another delivery'} until ${job.leaseExpiresAt}; retry after that`);
  }
  // A message seen before means an earlier run died (timeout, crash) or failed: let the core retry or time it out.
  if (Number(record.attributes.ApproximateReceiveCount) > 1 || job.state === 'running') {
    const outcome = await app.recoverJob(jobId);
    logger.warn({ jobId, receiveCount: record.attributes.ApproximateReceiveCount, outcome }, 'job message delivered again');
    if (outcome !== 'retried') return;
  }
  // Count the attempt before running, as a lease claim does: a delivery after the runs allowed for
  // the job times it out instead of leaving it queued for ever (or in the dead-letter queue).
  const claimed = await store.jobs.claim(jobId, `sqs:${record.messageId}`, lease.now, lease.until);
  if (!claimed) throw new HandedBack(`job ${jobId} was claimed by another delivery first; retry later`);
  try {
    await app.runJob(jobId, { signal });
  } catch (error) {
    // The core stores the aggregate as failed before rethrowing a typed error, so the job is over —
    // unless the store itself failed, in which case the message must come back.
    if (!(error instanceof SkafuError) || error instanceof StoreUnavailableError) throw error;
    logger.warn({ jobId, code: error.code }, 'job ended failed');
  }
  await store.jobs.complete(jobId);
}

/** The SQS worker: runs each `{jobId}` message and reports the ones to retry (partial batch response). */
export function createWorkerHandler(options: WorkerOptions = {}): (event: SQSEvent, context?: LambdaContext) => Promise<SQSBatchResponse> {
  const container = lazyContainer(options);
  const marginMs = options.deadlineMarginMs ?? 15_000;
  return async (event, context) => {
    let built: Container;
    try {
      built = await container();
    } catch (error) {
      (options.logger ?? createLogger(options.env ?? process.env, 'info')).error({ err: error }, 'worker could not start; every message of the batch will be retried');
      return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
    }
    const { runtime, dispatcher } = built;
    const budgetMs = context ? context.getRemainingTimeInMillis() - marginMs : 15 * 60_000;
    const signal = AbortSignal.timeout(Math.max(1_000, budgetMs));
    const now = (options.clock ?? systemClock).now();
    const lease = { now: now.toISOString(), until: new Date(now.getTime() + Math.max(1_000, budgetMs) + marginMs).toISOString() };
    const outcomes = await Promise.allSettled(event.Records.map((record) => runJobMessage(runtime, record, signal, lease)));
    const batchItemFailures = event.Records.flatMap((record, i) => {
      const outcome = outcomes[i];
      if (outcome?.status !== 'rejected') return [];
      if (outcome.reason instanceof HandedBack) runtime.logger.info({ messageId: record.messageId, reason: outcome.reason.message }, 'job message handed back: another delivery runs its job');
      else runtime.logger.error({ messageId: record.messageId, err: outcome.reason }, 'job message failed; SQS will deliver it again');
      return [{ itemIdentifier: record.messageId }];
    });
    await deliverEvents(dispatcher, runtime.logger);
    return { batchItemFailures };
  };
}

/** Jobs are done whatever happens to their events; undelivered events stay in the outbox for the next drain. */
async function deliverEvents(dispatcher: OutboxDispatcher, logger: Logger): Promise<DispatchResult | null> {
  try {
    return await dispatcher.drain();
  } catch (error) {
    logger.error({ err: error }, 'delivering events failed; they stay in the outbox for the next run');
    return null;
  }
}

/**
 * The scheduled maintenance run: delivers the outbox (events of synchronous HTTP requests too) and
 * releases quota reservations whose lease expired.
 */
export function createScheduledHandler(options: WorkerOptions = {}): () => Promise<{ delivered: number; failed: number; released: number }> {
  const container = lazyContainer(options);
  const clock = options.clock ?? systemClock;
  return async () => {
    const { runtime, dispatcher } = await container();
    const released = await runtime.store.quota.releaseExpired(clock.now().toISOString());
    const result = await dispatcher.drain();
    runtime.logger.info({ ...result, released }, 'scheduled maintenance done');
    return { ...result, released };
  };
}

export const handler = createWorkerHandler();
export const scheduledHandler = createScheduledHandler();
