import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local AWS Secrets Manager endpoint speaking the JSON 1.1 protocol the SDK uses
 * (`POST /`, `X-Amz-Target: secretsmanager.GetSecretValue`, JSON body and answer).
 * Only GetSecretValue is implemented; it counts calls so tests can prove caching.
 */
export interface FakeSecretsManager {
  /** Base URL to give the SDK as `endpoint` or `AWS_ENDPOINT_URL_SECRETS_MANAGER`. */
  readonly url: string;
  /** GetSecretValue calls received so far, per secret id. */
  calls(secretId?: string): number;
  /** Stores (or rotates) a secret's string value. */
  setSecret(secretId: string, value: string): void;
  /** The next `count` calls answer this AWS error type with status 400 (or `status`). */
  failNext(count: number, errorType: string, status?: number): void;
  /** Each answer waits this long first, so concurrent callers overlap. */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

interface Failure { errorType: string; status: number }

export async function startFakeSecretsManager(initial: Record<string, string> = {}): Promise<FakeSecretsManager> {
  const secrets = new Map(Object.entries(initial));
  const versions = new Map<string, number>();
  const callCounts = new Map<string, number>();
  const failures: Failure[] = [];
  let delayMs = 0;

  const answer = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${Date.now()}` });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, type: string, message: string): void => {
    res.setHeader('x-amzn-errortype', type);
    answer(res, status, { __type: type, message });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || target !== 'secretsmanager.GetSecretValue') {
      error(res, 400, 'UnknownOperationException', `unsupported operation ${String(target)}`);
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
    const secretId = body.SecretId ?? '';
    callCounts.set(secretId, (callCounts.get(secretId) ?? 0) + 1);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const failure = failures.shift();
    if (failure) {
      error(res, failure.status, failure.errorType, `simulated ${failure.errorType}`);
      return;
    }
    const value = secrets.get(secretId);
    if (value === undefined) {
      error(res, 400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      return;
    }
    answer(res, 200, {
      ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${secretId}-AbCdEf`,
      Name: secretId,
      SecretString: value,
      VersionId: `v${versions.get(secretId) ?? 1}`,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: Math.floor(Date.now() / 1000),
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((cause: unknown) => error(res, 500, 'InternalServiceError', String(cause)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls: (secretId) => (secretId === undefined
      ? [...callCounts.values()].reduce((a, b) => a + b, 0)
      : callCounts.get(secretId) ?? 0),
    setSecret(secretId, value) {
      secrets.set(secretId, value);
      versions.set(secretId, (versions.get(secretId) ?? 1) + 1);
    },
    failNext(count, errorType, status = 400) {
      for (let i = 0; i < count; i++) failures.push({ errorType, status });
    },
    setDelay(ms) {
      delayMs = ms;
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((cause) => (cause ? reject(cause) : resolve()));
    }),
  };
}
