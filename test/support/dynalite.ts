import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { TransactionEmulator, awsError, type DynamoWire, type WireResponse } from './dynalite-transactions.js';

interface DynaliteServerOptions {
  createTableMs: number;
  deleteTableMs: number;
  updateTableMs: number;
}

export interface RunningDynalite {
  /** The endpoint to give the SDK (or AWS_ENDPOINT_URL_DYNAMODB). */
  endpoint: string;
  /** How many requests of each operation (e.g. `Query`, `Scan`) the server has answered. */
  operationCounts(): Map<string, number>;
  close(): Promise<void>;
}

export interface DynaliteOptions {
  /**
   * Cancels this many TransactWriteItems calls (the first ones) with reason TransactionConflict,
   * as DynamoDB does when concurrent transactions touch the same item, to exercise retries.
   */
  transactionConflicts?: number;
}

const load = createRequire(import.meta.url);

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

function readBody(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

function wireTo(port: number, agent: Agent): DynamoWire {
  return (operation, body) => new Promise<WireResponse>((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request({
      host: '127.0.0.1', port, method: 'POST', path: '/', agent,
      headers: {
        'Content-Type': 'application/x-amz-json-1.0',
        'X-Amz-Target': `DynamoDB_20120810.${operation}`,
        'X-Amz-Date': '20300101T000000Z',
        Authorization: 'AWS4-HMAC-SHA256 Credential=test/20300101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0',
        'Content-Length': Buffer.byteLength(payload),
      },
    }, (res) => {
      readBody(res).then((text) => resolve({ status: res.statusCode ?? 500, body: text }), reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs one request at a time, in arrival order: the isolation the transaction emulation needs. */
function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * Starts dynalite in-process on 127.0.0.1 (random port) behind a small front server that adds the
 * operations dynalite 4 lacks (TransactWriteItems, UpdateTimeToLive; see dynalite-transactions.ts)
 * and forwards everything else unchanged. Any AWS credentials are accepted.
 */
export async function startDynalite(options: DynaliteOptions = {}): Promise<RunningDynalite> {
  const dynalite = load('dynalite') as (options: DynaliteServerOptions) => Server;
  const inner = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const innerPort = await listen(inner);
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const wire = wireTo(innerPort, agent);
  const emulator = new TransactionEmulator(wire);
  const serial = serialQueue();
  const counts = new Map<string, number>();
  let conflictsLeft = options.transactionConflicts ?? 0;

  const route = async (operation: string, text: string): Promise<WireResponse> => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return awsError('SerializationException', 'The request body is not JSON');
    }
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    if (operation === 'TransactWriteItems' && conflictsLeft > 0) {
      conflictsLeft -= 1;
      const items = (body as { TransactItems?: unknown[] }).TransactItems ?? [];
      const reasons = items.map((_, i) => (i === 0 ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' } : { Code: 'None' }));
      return awsError('TransactionCanceledException', 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]', { CancellationReasons: reasons });
    }
    if (operation === 'TransactWriteItems') return emulator.transactWriteItems(body as Parameters<TransactionEmulator['transactWriteItems']>[0]);
    if (operation === 'UpdateTimeToLive') return emulator.updateTimeToLive(body as Parameters<TransactionEmulator['updateTimeToLive']>[0]);
    if (operation === 'DescribeTimeToLive') return emulator.describeTimeToLive(body as { TableName: string });
    if (operation === 'DeleteTable') emulator.forgetTable((body as { TableName: string }).TableName);
    return wire(operation, body);
  };

  const front = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    readBody(req)
      .then((text) => serial(() => route(operation, text)))
      .then((response) => {
        res.writeHead(response.status, { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': 'dynalite' });
        res.end(response.body);
      })
      .catch((error: unknown) => {
        res.writeHead(500, { 'Content-Type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error) }));
      });
  });
  const port = await listen(front);

  return {
    endpoint: `http://127.0.0.1:${port}`,
    operationCounts: () => new Map(counts),
    close: async () => {
      const closing = closeServer(front);
      front.closeAllConnections();
      await closing;
      agent.destroy();
      const innerClosing = closeServer(inner);
      inner.closeAllConnections();
      await innerClosing;
    },
  };
}
