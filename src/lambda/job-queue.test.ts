import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnavailableError } from '../domain/errors.js';
import { createSqsJobNotifier, jobNotifierFromEnv, parseJobMessage } from './job-queue.js';

/** A local SQS endpoint for SendMessage (JSON 1.0 protocol); it answers the body's MD5 as SQS does. */
async function startFakeSqs() {
  const messages: { queueUrl: string; body: string }[] = [];
  let failNext = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { QueueUrl: string; MessageBody: string };
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      if (req.headers['x-amz-target'] !== 'AmazonSQS.SendMessage' || failNext > 0) {
        failNext = Math.max(0, failNext - 1);
        res.writeHead(400, { 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' });
        res.end(JSON.stringify({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' }));
        return;
      }
      messages.push({ queueUrl: request.QueueUrl, body: request.MessageBody });
      res.end(JSON.stringify({ MessageId: `m-${messages.length}`, MD5OfMessageBody: createHash('md5').update(request.MessageBody).digest('hex') }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    messages,
    failOnce: () => { failNext = 1; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('createSqsJobNotifier', () => {
  let sqs: Awaited<ReturnType<typeof startFakeSqs>>;
  let client: SQSClient;
  const queueUrl = 'https://sqs.us-east-1.amazonaws.com/000000000000/skafu-jobs';

  beforeAll(async () => {
    sqs = await startFakeSqs();
    client = new SQSClient({ region: 'us-east-1', endpoint: sqs.url, credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' }, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await sqs.close();
  });

  it('sends {jobId} to the queue, which the worker parses back', async () => {
    await createSqsJobNotifier({ queueUrl, client })({ id: 'job-42' });
    expect(sqs.messages).toEqual([{ queueUrl, body: '{"jobId":"job-42"}' }]);
    expect(parseJobMessage(sqs.messages[0]?.body ?? '')).toBe('job-42');
  });

  it('reports a failed send as UnavailableError naming the job and the queue', async () => {
    sqs.failOnce();
    const error = await createSqsJobNotifier({ queueUrl, client })({ id: 'job-43' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toContain('job-43');
    expect((error as Error).message).toContain(queueUrl);
  });

  it('is built from SKAFU_AI_JOB_QUEUE_URL, and absent without it', async () => {
    expect(jobNotifierFromEnv({})).toBeUndefined();
    const notifier = jobNotifierFromEnv({ SKAFU_AI_JOB_QUEUE_URL: queueUrl }, client);
    await notifier?.({ id: 'job-44' });
    expect(sqs.messages.at(-1)?.body).toBe('{"jobId":"job-44"}');
  });
});

describe('parseJobMessage', () => {
  it('rejects bodies that are not job messages', () => {
    for (const body of ['', 'job-1', '{}', '{"jobId": 7}', '{"jobId": ""}', 'null', '[]']) expect(parseJobMessage(body)).toBeNull();
  });
});
