import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { UnavailableError } from '../domain/errors.js';

/** The body of every job message: the id of the job (= the queued analysis or generation). */
export interface JobMessage {
  jobId: string;
}

export type JobNotifier = (job: { id: string }) => Promise<void>;

export interface SqsJobNotifierOptions {
  queueUrl: string;
  client?: SQSClient;
}

/**
 * Sends `{"jobId": "..."}` to the SQS queue the Lambda worker consumes. Give it to the core as
 * `onJobSubmitted`, so each submitted analysis or generation is run by the worker.
 */
export function createSqsJobNotifier(options: SqsJobNotifierOptions): JobNotifier {
  const client = options.client ?? new SQSClient({});
  return async (job) => {
    const message: JobMessage = { jobId: job.id };
    try {
      await client.send(new SendMessageCommand({ QueueUrl: options.queueUrl, MessageBody: JSON.stringify(message) }));
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new UnavailableError(`Job ${job.id} is stored but could not be sent to the SQS queue ${options.queueUrl} (SKAFU_AI_JOB_QUEUE_URL): ${reason}. Check sqs:SendMessage permission and the queue URL.`, { cause: error });
    }
  };
}

/** The SQS queue async jobs go to (`SKAFU_AI_JOB_QUEUE_URL`), or null when none is set. */
export function jobQueueUrlFromEnv(env: NodeJS.ProcessEnv): string | null {
  return env.SKAFU_AI_JOB_QUEUE_URL?.trim() || null;
}

/** The SQS notifier when `SKAFU_AI_JOB_QUEUE_URL` is set, else undefined (no queue: nothing carries jobs to a worker). */
export function jobNotifierFromEnv(env: NodeJS.ProcessEnv, client?: SQSClient): JobNotifier | undefined {
  const queueUrl = jobQueueUrlFromEnv(env);
  if (!queueUrl) return undefined;
  return createSqsJobNotifier({ queueUrl, ...(client ? { client } : {}) });
}

/** The job id of one SQS message body, or null when the body is not a job message. */
export function parseJobMessage(body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const jobId = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).jobId : undefined;
  return typeof jobId === 'string' && jobId.length > 0 ? jobId : null;
}
