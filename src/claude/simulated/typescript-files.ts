import type { GeneratedFile } from '../../domain/validation-result.js';
import type { FieldKind, ServiceSketch } from './service-sketch.js';

/** TypeScript (Node.js 20, AWS SDK v3) files of a Lambda service, with vitest tests. */

const TS_TYPE: Record<FieldKind, string> = { string: 'string', integer: 'number', number: 'number', boolean: 'boolean', list: 'unknown[]' };
const TS_CHECK: Record<FieldKind, string> = { string: 'readText', integer: 'readInteger', number: 'readNumber', boolean: 'readBoolean', list: 'readList' };
const TS_SAMPLE: Record<FieldKind, string> = { string: "'sample'", integer: '3', number: '12.5', boolean: 'true', list: "['a', 'b']" };

export function typescriptSample(s: ServiceSketch): string {
  return `{ ${s.fields.map((f) => `${f.camel}: ${TS_SAMPLE[f.kind]}`).join(', ')} }`;
}

export function typescriptModel(s: ServiceSketch): GeneratedFile {
  return { path: 'src/model.ts', content: `import { randomUUID } from 'node:crypto';

/** A ${s.entity.replace(/_/g, ' ')} as the API and the table hold it. */
export interface ${s.Entity} {
  id: string;
${s.fields.map((f) => `  ${f.camel}${f.required ? '' : '?'}: ${TS_TYPE[f.kind]};`).join('\n')}
  createdAt: string;
  updatedAt: string;
}

export class ValidationError extends Error {
  override readonly name = 'ValidationError';
}

const MAX_TEXT = 1000;
const MAX_ITEMS = 100;

function readText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) throw new ValidationError(\`\${name} must be a non-empty string of at most \${MAX_TEXT} characters\`);
  return value.trim();
}

function readInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new ValidationError(\`\${name} must be an integer\`);
  return value;
}

function readNumber(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValidationError(\`\${name} must be a finite number\`);
  return value;
}

function readBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(\`\${name} must be true or false\`);
  return value;
}

function readList(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value) || value.length > MAX_ITEMS) throw new ValidationError(\`\${name} must be a list of at most \${MAX_ITEMS} items\`);
  return value;
}

const FIELDS = [
${s.fields.map((f) => `  { name: '${f.camel}', read: ${TS_CHECK[f.kind]}, required: ${f.required} },`).join('\n')}
] as const;
const FIELD_NAMES = new Set<string>(FIELDS.map((field) => field.name));

/** Validates a request body; \`existingId\` keeps the id of a replaced item. */
export function parse${s.Entity}(body: unknown, existingId?: string): ${s.Entity} {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ValidationError('the body must be a JSON object');
  const data = body as Record<string, unknown>;
  const unknownFields = Object.keys(data).filter((key) => !FIELD_NAMES.has(key)).sort();
  if (unknownFields.length > 0) throw new ValidationError(\`unknown fields: \${unknownFields.join(', ')}\`);
  const values: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = data[field.name];
    if (value === undefined || value === null) {
      if (field.required) throw new ValidationError(\`\${field.name} is required\`);
      continue;
    }
    values[field.name] = field.read(value, field.name);
  }
  const now = new Date().toISOString();
  return { ...values, id: existingId ?? randomUUID(), createdAt: now, updatedAt: now } as ${s.Entity};
}
` };
}

export function typescriptRepository(s: ServiceSketch): GeneratedFile {
  return { path: 'src/repository.ts', content: `import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ${s.Entity} } from './model.js';

const ENTITY_TYPE = '${s.entity.toUpperCase()}';

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** The operations the handler needs; the DynamoDB implementation is below, tests use a fake. */
export interface ${s.Entity}Store {
  create(item: ${s.Entity}): Promise<${s.Entity}>;
  get(id: string): Promise<${s.Entity}>;
  list(limit: number, nextToken?: string): Promise<{ items: ${s.Entity}[]; nextToken: string | null }>;
  replace(item: ${s.Entity}): Promise<${s.Entity}>;
  delete(id: string): Promise<void>;
}

/** DynamoDB access: key lookups and conditions with expression values only. */
export class Dynamo${s.Entity}Store implements ${s.Entity}Store {
  private readonly client: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client?: DynamoDBDocumentClient) {
    this.client = client ?? DynamoDBDocumentClient.from(new DynamoDBClient({}));
  }

  async create(item: ${s.Entity}): Promise<${s.Entity}> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...item, entityType: ENTITY_TYPE }, ConditionExpression: 'attribute_not_exists(id)' }));
    return item;
  }

  async get(id: string): Promise<${s.Entity}> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { id } }));
    if (!result.Item) throw new NotFoundError(id);
    return strip(result.Item);
  }

  async list(limit: number, nextToken?: string): Promise<{ items: ${s.Entity}[]; nextToken: string | null }> {
    const result = await this.client.send(new QueryCommand({
      TableName: this.tableName,
      IndexName: 'by-created-at',
      KeyConditionExpression: 'entityType = :type',
      ExpressionAttributeValues: { ':type': ENTITY_TYPE },
      Limit: limit,
      ScanIndexForward: false,
      ...(nextToken ? { ExclusiveStartKey: decodeToken(nextToken) } : {}),
    }));
    return { items: (result.Items ?? []).map(strip), nextToken: result.LastEvaluatedKey ? Buffer.from(JSON.stringify(result.LastEvaluatedKey)).toString('base64url') : null };
  }

  async replace(item: ${s.Entity}): Promise<${s.Entity}> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...item, entityType: ENTITY_TYPE }, ConditionExpression: 'attribute_exists(id)' }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new NotFoundError(item.id);
      throw error;
    }
    return item;
  }

  async delete(id: string): Promise<void> {
    try {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { id }, ConditionExpression: 'attribute_exists(id)' }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new NotFoundError(id);
      throw error;
    }
  }
}

function strip(record: Record<string, unknown>): ${s.Entity} {
  const { entityType: _entityType, ...item } = record;
  return item as unknown as ${s.Entity};
}

function decodeToken(token: string): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new RangeError('invalid nextToken');
  }
  if (key === null || typeof key !== 'object' || Object.keys(key).some((name) => !['id', 'entityType', 'createdAt'].includes(name))) throw new RangeError('invalid nextToken');
  return key as Record<string, unknown>;
}
` };
}

export function typescriptHandler(s: ServiceSketch): GeneratedFile {
  const idParam = `${s.Entity[0]?.toLowerCase()}${s.Entity.slice(1)}Id`;
  return { path: 'src/handler.ts', content: `import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { parse${s.Entity}, ValidationError } from './model.js';
import { Dynamo${s.Entity}Store, NotFoundError, type ${s.Entity}Store } from './repository.js';

const ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
const MAX_PAGE = 100;
type Action = (event: APIGatewayProxyEvent, store: ${s.Entity}Store, id: string | undefined) => Promise<APIGatewayProxyResult>;

let defaultStore: ${s.Entity}Store | undefined;

/** Lambda entry point of the ${s.serviceName}; the store (and its connections) is reused across invocations. */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  defaultStore ??= new Dynamo${s.Entity}Store(requiredEnv('TABLE_NAME'));
  return route(event, defaultStore);
}

export async function route(event: APIGatewayProxyEvent, store: ${s.Entity}Store): Promise<APIGatewayProxyResult> {
  const id = event.pathParameters?.${idParam};
  const action = ROUTES[\`\${event.httpMethod} \${id === undefined ? 'collection' : 'item'}\`];
  if (!action) return error(405, 'method_not_allowed', \`\${event.httpMethod} is not supported here\`);
  try {
    return await action(event, store, id);
  } catch (caught) {
    if (caught instanceof ValidationError || caught instanceof RangeError) return error(400, 'invalid_input', caught.message);
    if (caught instanceof NotFoundError) return error(404, 'not_found', 'no ${s.entity.replace(/_/g, ' ')} has this id');
    throw caught;
  }
}

const ROUTES: Record<string, Action> = {
  'POST collection': async (event, store) => respond(201, await store.create(parse${s.Entity}(body(event)))),
  'GET collection': async (event, store) => {
    const params = event.queryStringParameters ?? {};
    return respond(200, await store.list(limit(params.limit), params.nextToken));
  },
  'GET item': async (_event, store, id) => respond(200, await store.get(checkedId(id))),
  'PUT item': async (event, store, id) => respond(200, await store.replace(parse${s.Entity}(body(event), checkedId(id)))),
  'DELETE item': async (_event, store, id) => {
    await store.delete(checkedId(id));
    return respond(204, null);
  },
};

function body(event: APIGatewayProxyEvent): unknown {
  if (event.isBase64Encoded) throw new ValidationError('base64-encoded bodies are not accepted');
  try {
    return JSON.parse(event.body ?? '{}');
  } catch {
    throw new ValidationError('the body is not valid JSON');
  }
}

function checkedId(id: string | undefined): string {
  if (id === undefined || !ID_PATTERN.test(id)) throw new ValidationError('the id must be 1 to 64 letters, digits or dashes');
  return id;
}

function limit(raw: string | undefined): number {
  if (raw === undefined) return 25;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE) throw new ValidationError(\`limit must be a number from 1 to \${MAX_PAGE}\`);
  return value;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`\${name} is not set\`);
  return value;
}

function respond(statusCode: number, payload: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { 'Content-Type': 'application/json' }, body: payload === null ? '' : JSON.stringify(payload) };
}

function error(statusCode: number, code: string, message: string): APIGatewayProxyResult {
  return respond(statusCode, { error: { code, message } });
}
` };
}

export function typescriptProjectFiles(s: ServiceSketch): GeneratedFile[] {
  return [
    { path: 'package.json', content: `${JSON.stringify({
      name: s.serviceName,
      version: '0.1.0',
      private: true,
      type: 'module',
      scripts: { build: 'tsc --noEmit', test: 'vitest run' },
      dependencies: { '@aws-sdk/client-dynamodb': '3.1169.0', '@aws-sdk/lib-dynamodb': '3.1169.0' },
      devDependencies: { '@types/aws-lambda': '8.10.164', '@types/node': '20.19.43', esbuild: '0.28.2', typescript: '5.9.3', vitest: '4.1.12' },
    }, null, 2)}\n` },
    { path: 'tsconfig.json', content: `${JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true, skipLibCheck: true, types: ['node'] },
      include: ['src', 'test'],
    }, null, 2)}\n` },
  ];
}
