import type { JsonSchema } from './instance-of-json-schema.js';

/**
 * Brings a structured answer within the soft limits of its JSON schema: the limits the API cannot
 * enforce (the SDK moves maxLength, minimum, maximum and maxItems into descriptions), so a model may
 * overstep them. Over-long strings are cut with an ellipsis, numbers clamped (integers rounded),
 * over-long arrays cut, enum values matched case-insensitively. A number or boolean written as a
 * string ("42", "0.8", "true") where the schema wants one is read as one; no other type is changed:
 * what does not fit still fails the schema. Returns a new value; iterative over the tree.
 */
export function fitToSchema(value: unknown, schema: JsonSchema): unknown {
  const root = { value };
  const pending: { holder: Record<string | number, unknown>; key: string | number; schema: JsonSchema }[] = [{ holder: root as unknown as Record<string, unknown>, key: 'value', schema }];
  let guard = 0;
  while (pending.length > 0 && guard < 1_000_000) {
    guard += 1;
    const { holder, key, schema: raw } = pending.pop() as (typeof pending)[number];
    const node = resolve(raw, schema);
    const current = holder[key];
    const variants = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
    const resolved = Array.isArray(variants) ? variants.map((v) => resolve(v, schema)) : null;
    const chosen = resolved ? resolved.find((v) => matchesType(v, current)) ?? resolved.find((v) => matchesType(v, scalarOfString(current, v))) : node;
    if (!chosen) continue;
    holder[key] = fitScalar(current, chosen);
    const fitted = holder[key];
    if (Array.isArray(fitted) && chosen.items && typeof chosen.items === 'object') {
      const copy = [...fitted];
      holder[key] = copy;
      copy.forEach((_, index) => pending.push({ holder: copy as unknown as Record<number, unknown>, key: index, schema: chosen.items as JsonSchema }));
    } else if (fitted && typeof fitted === 'object' && !Array.isArray(fitted) && chosen.properties && typeof chosen.properties === 'object') {
      const copy = { ...(fitted as Record<string, unknown>) };
      holder[key] = copy;
      for (const [name, propertySchema] of Object.entries(chosen.properties as Record<string, JsonSchema>)) {
        if (name in copy) pending.push({ holder: copy, key: name, schema: propertySchema });
      }
    }
  }
  return root.value;
}

function fitScalar(raw: unknown, schema: JsonSchema): unknown {
  const value = scalarOfString(raw, schema);
  if (typeof value === 'string') {
    if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
      const match = schema.enum.find((option) => typeof option === 'string' && option.toLowerCase() === value.trim().toLowerCase());
      if (match !== undefined) return match;
    }
    const max = schema.maxLength;
    if (typeof max === 'number' && value.length > max && [...value].length > max) return `${[...value].slice(0, Math.max(0, max - 1)).join('')}…`;
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    let n = schema.type === 'integer' ? Math.round(value) : value;
    if (typeof schema.minimum === 'number') n = Math.max(n, schema.minimum);
    if (typeof schema.maximum === 'number') n = Math.min(n, schema.maximum);
    return n;
  }
  if (Array.isArray(value) && typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
    return value.slice(0, schema.maxItems);
  }
  return value;
}

const NUMBER_TEXT = /^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** A string that spells a number or a boolean, as that number or boolean when the schema wants one and not a string; else the value unchanged. */
function scalarOfString(value: unknown, schema: JsonSchema): unknown {
  if (typeof value !== 'string') return value;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string')) return value;
  if ((types.includes('number') || types.includes('integer')) && NUMBER_TEXT.test(value)) {
    const number = Number(value);
    return Number.isFinite(number) ? number : value;
  }
  if (types.includes('boolean') && /^\s*(true|false)\s*$/i.test(value)) return value.trim().toLowerCase() === 'true';
  return value;
}

function matchesType(schema: JsonSchema, value: unknown): boolean {
  const type = schema.type;
  if (type === undefined) return true;
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => {
    if (t === 'null') return value === null;
    if (t === 'array') return Array.isArray(value);
    if (t === 'object') return value !== null && typeof value === 'object' && !Array.isArray(value);
    if (t === 'integer') return typeof value === 'number';
    return typeof value === t;
  });
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 32; hops += 1) {
    const path = current.$ref.replace(/^#\//, '').split('/');
    let target: unknown = root;
    for (const part of path) target = (target as Record<string, unknown> | undefined)?.[part];
    if (!target || typeof target !== 'object') return current;
    current = target as JsonSchema;
  }
  return current;
}
