import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One entry as the SDK sends it in a PutEvents request. */
export interface ReceivedEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Time?: number;
}

/**
 * A local EventBridge endpoint speaking the JSON 1.1 protocol (`X-Amz-Target: AWSEvents.PutEvents`).
 * It enforces the 10-entry limit like the service, records accepted entries and request sizes, and
 * can fail chosen entries (matched on the `id` inside Detail) a number of times.
 */
export interface FakeEventBridge {
  readonly url: string;
  /** Entries accepted, in arrival order. */
  readonly accepted: ReceivedEntry[];
  /** Number of entries in each PutEvents request received. */
  readonly requestSizes: number[];
  /** The entry whose Detail has this `id` fails with `errorCode` the next `times` it is sent. */
  failEntry(eventId: string, times: number, errorCode?: string): void;
  /** The next `count` requests fail as a whole with this error type and status. */
  failNextRequests(count: number, errorType?: string, status?: number): void;
  close(): Promise<void>;
}

export async function startFakeEventBridge(): Promise<FakeEventBridge> {
  const accepted: ReceivedEntry[] = [];
  const requestSizes: number[] = [];
  const entryFailures = new Map<string, { times: number; errorCode: string }>();
  const requestFailures: { errorType: string; status: number }[] = [];

  const answer = (res: ServerResponse, status: number, body: unknown, errorType?: string): void => {
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': randomUUID(),
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
      answer(res, 400, { __type: 'UnknownOperationException', message: 'only PutEvents is faked' }, 'UnknownOperationException');
      return;
    }
    const { Entries: entries = [] } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries?: ReceivedEntry[] };
    requestSizes.push(entries.length);
    const requestFailure = requestFailures.shift();
    if (requestFailure) {
      answer(res, requestFailure.status, { __type: requestFailure.errorType, message: 'simulated failure' }, requestFailure.errorType);
      return;
    }
    if (entries.length < 1 || entries.length > 10) {
      answer(res, 400, { __type: 'ValidationException', message: `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10 (got ${entries.length})` }, 'ValidationException');
      return;
    }
    let failedCount = 0;
    const results = entries.map((entry) => {
      const id = (JSON.parse(entry.Detail ?? '{}') as { id?: string }).id ?? '';
      const failure = entryFailures.get(id);
      if (failure && failure.times > 0) {
        failure.times -= 1;
        failedCount += 1;
        return { ErrorCode: failure.errorCode, ErrorMessage: 'simulated entry failure' };
      }
      accepted.push(entry);
      return { EventId: randomUUID() };
    });
    answer(res, 200, { FailedEntryCount: failedCount, Entries: results });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((cause: unknown) => answer(res, 500, { __type: 'InternalException', message: String(cause) }, 'InternalException'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    requestSizes,
    failEntry(eventId, times, errorCode = 'InternalFailure') {
      entryFailures.set(eventId, { times, errorCode });
    },
    failNextRequests(count, errorType = 'InternalException', status = 500) {
      for (let i = 0; i < count; i++) requestFailures.push({ errorType, status });
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((cause) => (cause ? reject(cause) : resolve()));
    }),
  };
}
