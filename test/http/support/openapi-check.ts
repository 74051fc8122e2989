/**
 * Checks real answers against the service's own OpenAPI document: is the status documented for the
 * operation, with the answer's media type, and does the JSON body match the documented schema.
 */

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
};

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

/**
 * Where `value` breaks `schema` (the subset of JSON Schema 2020-12 the document uses: $ref, type,
 * enum, const, properties, required, additionalProperties, propertyNames, items, anyOf, oneOf, allOf
 * and the numeric, length and count bounds); empty when it matches.
 */
export function schemaProblems(doc: OpenApiDocument, schema: Schema, value: unknown, at = '$'): string[] {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) return [`${at}: unresolved ${schema.$ref}`];
    return schemaProblems(doc, target, value, at);
  }
  const problems: string[] = [];
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeMatches(t, actual))) return [`${at}: ${actual}, documented ${types.join('|')}`];
  }
  if (schema.enum && !schema.enum.some((v) => v === value)) problems.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  if (schema.const !== undefined && schema.const !== value) problems.push(`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  for (const [name, options] of [['anyOf', schema.anyOf], ['oneOf', schema.oneOf]] as const) {
    if (options && !options.some((option) => schemaProblems(doc, option, value, at).length === 0)) problems.push(`${at}: matches none of ${name}`);
  }
  for (const part of schema.allOf ?? []) problems.push(...schemaProblems(doc, part, value, at));
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${at}: ${value} < ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${at}: ${value} > ${schema.maximum}`);
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${at}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push(`${at}: longer than ${schema.maxLength}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) problems.push(`${at}: does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) problems.push(`${at}: more than ${schema.maxItems} items`);
    if (schema.items) value.forEach((item, i) => problems.push(...schemaProblems(doc, schema.items as Schema, item, `${at}[${i}]`)));
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in object)) problems.push(`${at}.${name}: missing`);
    for (const [name, child] of Object.entries(object)) {
      const declared = schema.properties?.[name];
      if (declared) problems.push(...schemaProblems(doc, declared, child, `${at}.${name}`));
      else if (schema.additionalProperties === false) problems.push(`${at}.${name}: not documented`);
      else if (typeof schema.additionalProperties === 'object') problems.push(...schemaProblems(doc, schema.additionalProperties, child, `${at}.${name}`));
      if (schema.propertyNames) problems.push(...schemaProblems(doc, schema.propertyNames, name, `${at} key ${name}`));
    }
  }
  return problems;
}

/** Where an answer of `method template` departs from the document; empty when it is documented as sent. */
export function answerProblems(doc: OpenApiDocument, method: string, template: string, status: number, contentType: string | null, body: unknown): string[] {
  const what = `${method} ${template} ${status}`;
  const operation = doc.paths[template]?.[method.toLowerCase()];
  if (!operation) return [`${what}: no such operation in the document`];
  const response = operation.responses[String(status)];
  if (!response) return [`${what}: status not documented (documented: ${Object.keys(operation.responses).join(', ')})`];
  const media = Object.keys(response.content ?? {});
  const type = (contentType ?? '').split(';')[0]!.trim();
  if (!media.includes(type)) return [`${what}: answered ${type || 'no content type'}, documented ${media.join(', ') || 'none'}`];
  const schema = response.content?.[type]?.schema;
  if (type !== 'application/json' || !schema) return [];
  return schemaProblems(doc, schema, body).map((problem) => `${what}: ${problem}`);
}
