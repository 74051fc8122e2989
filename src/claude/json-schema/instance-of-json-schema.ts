/**
 * Builds a deterministic instance of a JSON schema — the subset that structured outputs accept:
 * objects, arrays, enums, consts, strings with formats, numbers and integers, anyOf/oneOf/allOf,
 * `$ref` into `$defs`/`definitions`, and type lists. Limits the SDK moved into a description
 * (`{minLength: 1, maxLength: 200}`) are read back and honoured, so the instance also passes the
 * original zod schema. Used by the simulated model's fallback and by the fake Anthropic server.
 */

export type JsonSchema = { [key: string]: unknown };

export interface InstanceOptions {
  /** Items per array when the schema allows it (default 1, clamped to minItems/maxItems). */
  arrayItems?: number;
  /** Text used to build string values (default: the property name). */
  stringFor?: (propertyName: string, index: number) => string;
}

const MAX_DEPTH = 24;

export function instanceOfJsonSchema(schema: JsonSchema, options: InstanceOptions = {}): unknown {
  const context: Context = { root: schema, options, counter: { next: 1 } };
  return build(schema, 'value', context, 0);
}

interface Context {
  root: JsonSchema;
  options: InstanceOptions;
  counter: { next: number };
}

function build(raw: JsonSchema, name: string, context: Context, depth: number): unknown {
  if (depth > MAX_DEPTH) return null;
  const schema = withDescribedLimits(resolve(raw, context.root));
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) {
    const preferred = variants.find((variant) => !isNullSchema(resolve(variant, context.root))) ?? variants[0];
    return build(preferred as JsonSchema, name, context, depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...schema.allOf.map((part) => build(part as JsonSchema, name, context, depth + 1) as object));
  }
  switch (typeOf(schema)) {
    case 'object': return buildObject(schema, context, depth);
    case 'array': return buildArray(schema, name, context, depth);
    case 'string': return buildString(schema, name, context);
    case 'integer': return buildNumber(schema, true);
    case 'number': return buildNumber(schema, false);
    case 'boolean': return true;
    case 'null': return null;
    default: return {};
  }
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 32; hops += 1) {
    const path = current.$ref.replace(/^#\/?/, '').split('/').filter(Boolean).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    let target: unknown = root;
    for (const segment of path) target = (target as Record<string, unknown> | undefined)?.[segment];
    if (target === undefined || target === null || typeof target !== 'object') return {};
    current = target as JsonSchema;
  }
  return current;
}

function isNullSchema(schema: JsonSchema): boolean {
  return schema.type === 'null' || (Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === null);
}

function typeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return (schema.type as string[]).find((t) => t !== 'null') ?? 'null';
  if (typeof schema.type === 'string') return schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function buildObject(schema: JsonSchema, context: Context, depth: number): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const out: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) out[key] = build(property, key, context, depth + 1);
  return out;
}

function buildArray(schema: JsonSchema, name: string, context: Context, depth: number): unknown[] {
  const min = numberOr(schema.minItems, 0);
  const max = numberOr(schema.maxItems, Number.POSITIVE_INFINITY);
  const count = Math.max(min, Math.min(max, context.options.arrayItems ?? 1));
  const items = (schema.items ?? {}) as JsonSchema;
  return Array.from({ length: count }, () => build(items, singular(name), context, depth + 1));
}

function buildString(schema: JsonSchema, name: string, context: Context): string {
  const index = context.counter.next++;
  const formatted = formattedString(schema.format, index);
  let text = formatted ?? (context.options.stringFor ? context.options.stringFor(name, index) : `${name} ${index}`);
  const min = numberOr(schema.minLength, 0);
  const max = numberOr(schema.maxLength, Number.POSITIVE_INFINITY);
  if (text.length > max) text = text.slice(0, max);
  while (text.length < min) text += 'x';
  return text;
}

function formattedString(format: unknown, index: number): string | null {
  switch (format) {
    case 'date-time': return '2026-01-01T00:00:00Z';
    case 'date': return '2026-01-01';
    case 'time': return '12:00:00Z';
    case 'duration': return 'PT1H';
    case 'email': return `user${index}@example.com`;
    case 'hostname': return 'example.com';
    case 'uri': return `https://example.com/${index}`;
    case 'ipv4': return '192.0.2.1';
    case 'ipv6': return '2001:db8::1';
    case 'uuid': return `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
    default: return null;
  }
}

function buildNumber(schema: JsonSchema, integer: boolean): number {
  let low = numberOr(schema.minimum, Number.NEGATIVE_INFINITY);
  let high = numberOr(schema.maximum, Number.POSITIVE_INFINITY);
  const step = integer ? 1 : 0.5;
  if (typeof schema.exclusiveMinimum === 'number') low = Math.max(low, schema.exclusiveMinimum + step);
  if (typeof schema.exclusiveMaximum === 'number') high = Math.min(high, schema.exclusiveMaximum - step);
  // Safe-integer bounds that zod emits for every integer are no real limit.
  if (low <= Number.MIN_SAFE_INTEGER) low = Number.NEGATIVE_INFINITY;
  if (high >= Number.MAX_SAFE_INTEGER) high = Number.POSITIVE_INFINITY;
  let value: number;
  if (Number.isFinite(low) && Number.isFinite(high)) value = (low + high) / 2;
  else if (Number.isFinite(low)) value = low + (integer ? 1 : 0.5);
  else if (Number.isFinite(high)) value = Math.min(high, 1);
  else value = integer ? 1 : 1.5;
  if (integer) {
    value = Math.round(value);
    if (value > high) value = Math.floor(high);
    if (value < low) value = Math.ceil(low);
  }
  return value;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function singular(name: string): string {
  return name.endsWith('ies') ? `${name.slice(0, -3)}y` : name.endsWith('s') ? name.slice(0, -1) : name;
}

/**
 * The SDK moves keywords the API does not accept into the description as a last paragraph
 * `{key: <json>, key: <json>}`; this reads them back (keywords already on the schema win).
 */
export function withDescribedLimits(schema: JsonSchema): JsonSchema {
  if (typeof schema.description !== 'string') return schema;
  const paragraphs = schema.description.split('\n\n');
  const last = paragraphs[paragraphs.length - 1]?.trim() ?? '';
  if (!last.startsWith('{') || !last.endsWith('}')) return schema;
  const asJson = last.replace(/(^\{|, )([A-Za-z_$][\w$]*): /g, '$1"$2": ');
  let limits: unknown;
  try {
    limits = JSON.parse(asJson);
  } catch {
    return schema;
  }
  if (limits === null || typeof limits !== 'object' || Array.isArray(limits)) return schema;
  return { ...(limits as JsonSchema), ...schema };
}
