import type { GeneratedFile } from '../../domain/validation-result.js';
import type { ServiceSketch } from './service-sketch.js';
import { typescriptSample } from './typescript-files.js';

/** vitest suites of the TypeScript service; DynamoDB is replaced by in-memory fakes, never called. */

export function typescriptTests(s: ServiceSketch): GeneratedFile {
  const idParam = `${s.Entity[0]?.toLowerCase()}${s.Entity.slice(1)}Id`;
  const first = s.fields.find((f) => f.required) ?? s.fields[0];
  return { path: 'test/handler.test.ts', content: `import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { route } from '../src/handler.js';
import type { ${s.Entity} } from '../src/model.js';
import { NotFoundError, type ${s.Entity}Store } from '../src/repository.js';

class MemoryStore implements ${s.Entity}Store {
  readonly items = new Map<string, ${s.Entity}>();
  async create(item: ${s.Entity}) { this.items.set(item.id, item); return item; }
  async get(id: string) { const item = this.items.get(id); if (!item) throw new NotFoundError(id); return item; }
  async list(limit: number) { return { items: [...this.items.values()].slice(0, limit), nextToken: null }; }
  async replace(item: ${s.Entity}) { await this.get(item.id); this.items.set(item.id, item); return item; }
  async delete(id: string) { await this.get(id); this.items.delete(id); }
}

const SAMPLE = ${typescriptSample(s)};

function request(httpMethod: string, body?: unknown, id?: string, query?: Record<string, string>): APIGatewayProxyEvent {
  return { httpMethod, body: body === undefined ? null : JSON.stringify(body), pathParameters: id === undefined ? null : { ${idParam}: id }, queryStringParameters: query ?? null, isBase64Encoded: false } as unknown as APIGatewayProxyEvent;
}

describe('${s.serviceName} handler', () => {
  it('creates and reads a ${s.entity.replace(/_/g, ' ')}', async () => {
    const store = new MemoryStore();
    const created = await route(request('POST', SAMPLE), store);
    expect(created.statusCode).toBe(201);
    const { id } = JSON.parse(created.body) as { id: string };
    expect((await route(request('GET', undefined, id), store)).statusCode).toBe(200);
  });

  it('rejects invalid input with 400', async () => {
    const store = new MemoryStore();
    const { ${first?.camel ?? 'name'}: _omitted, ...incomplete } = SAMPLE;
    expect((await route(request('POST', incomplete), store)).statusCode).toBe(400);
    expect((await route(request('POST', { ...SAMPLE, admin: true }), store)).statusCode).toBe(400);
    expect((await route(request('GET', undefined, '../etc'), store)).statusCode).toBe(400);
    expect((await route(request('GET', undefined, undefined, { limit: '1000' }), store)).statusCode).toBe(400);
  });

  it('answers 404 for unknown ids and 405 for unknown methods', async () => {
    const store = new MemoryStore();
    expect((await route(request('GET', undefined, 'missing'), store)).statusCode).toBe(404);
    expect((await route(request('DELETE', undefined, 'missing'), store)).statusCode).toBe(404);
    expect((await route(request('PATCH', undefined, 'abc'), store)).statusCode).toBe(405);
  });

  it('replaces, lists and deletes', async () => {
    const store = new MemoryStore();
    const { id } = JSON.parse((await route(request('POST', SAMPLE), store)).body) as { id: string };
    expect((await route(request('PUT', SAMPLE, id), store)).statusCode).toBe(200);
    expect(JSON.parse((await route(request('GET', undefined, undefined, { limit: '10' }), store)).body).items).toHaveLength(1);
    expect((await route(request('DELETE', undefined, id), store)).statusCode).toBe(204);
  });
});
` };
}

export function typescriptRepositoryTests(s: ServiceSketch): GeneratedFile {
  return { path: 'test/repository.test.ts', content: `import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { parse${s.Entity} } from '../src/model.js';
import { Dynamo${s.Entity}Store, NotFoundError } from '../src/repository.js';

/** Enough of the document client for the store, checking the conditions it sends. */
class FakeClient {
  readonly records = new Map<string, Record<string, unknown>>();
  readonly queries: QueryCommand[] = [];

  async send(command: unknown): Promise<unknown> {
    if (command instanceof PutCommand) {
      const item = command.input.Item as Record<string, unknown>;
      const exists = this.records.has(String(item.id));
      if (exists === (command.input.ConditionExpression === 'attribute_not_exists(id)')) throw this.conditionFailed();
      this.records.set(String(item.id), item);
      return {};
    }
    if (command instanceof GetCommand) return { Item: this.records.get(String(command.input.Key?.id)) };
    if (command instanceof QueryCommand) {
      this.queries.push(command);
      return { Items: [...this.records.values()].slice(0, command.input.Limit) };
    }
    if (command instanceof DeleteCommand) {
      if (!this.records.delete(String(command.input.Key?.id))) throw this.conditionFailed();
      return {};
    }
    throw new Error('unexpected command');
  }

  private conditionFailed(): ConditionalCheckFailedException {
    return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
  }
}

const SAMPLE = ${typescriptSample(s)};

function makeStore(): { store: Dynamo${s.Entity}Store; client: FakeClient } {
  const client = new FakeClient();
  return { store: new Dynamo${s.Entity}Store('unused', client as unknown as DynamoDBDocumentClient), client };
}

describe('Dynamo${s.Entity}Store', () => {
  it('creates, reads and lists through the by-created-at index', async () => {
    const { store, client } = makeStore();
    const item = await store.create(parse${s.Entity}(SAMPLE));
    expect((await store.get(item.id)).id).toBe(item.id);
    expect((await store.list(10)).items).toHaveLength(1);
    expect(client.queries[0]?.input.IndexName).toBe('by-created-at');
  });

  it('reports unknown ids as not found', async () => {
    const { store } = makeStore();
    await expect(store.get('missing')).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.replace(parse${s.Entity}(SAMPLE, 'missing'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.delete('missing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rejects a tampered page token', async () => {
    const { store } = makeStore();
    await expect(store.list(10, Buffer.from('{"admin":true}').toString('base64url'))).rejects.toBeInstanceOf(RangeError);
  });
});
` };
}
