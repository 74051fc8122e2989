import { isDeepStrictEqual } from 'node:util';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const REF_PREFIX = '#/components/schemas/';
const INPUT_SUFFIX = 'Input';

function rewriteRefs(value: Json, renames: Map<string, string>): Json {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, renames));
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: Json } = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string' && child.startsWith(REF_PREFIX)) {
      const name = child.slice(REF_PREFIX.length);
      out[key] = `${REF_PREFIX}${renames.get(name) ?? name}`;
    } else {
      out[key] = rewriteRefs(child, renames);
    }
  }
  return out;
}

function referenced(value: Json, into: Set<string>): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => referenced(item, into));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith(REF_PREFIX)) into.add(child.slice(REF_PREFIX.length));
      else referenced(child, into);
    }
  }
  return into;
}

/**
 * The zod type provider emits every named schema twice, as request (`XInput`) and response (`X`)
 * variants. Where both are the same JSON Schema the document keeps one name, and variants nothing
 * refers to are dropped, so readers see each shape once.
 */
export function mergeIdenticalIoSchemas<T extends object>(document: T): T {
  const doc = JSON.parse(JSON.stringify(document)) as { [key: string]: Json };
  const components = doc.components as { [key: string]: Json } | undefined;
  const schemas = components?.schemas as { [key: string]: Json } | undefined;
  if (!components || !schemas) return document;
  const renames = new Map<string, string>();
  for (const name of Object.keys(schemas)) {
    if (!name.endsWith(INPUT_SUFFIX)) continue;
    const base = name.slice(0, -INPUT_SUFFIX.length);
    if (base in schemas && isDeepStrictEqual(rewriteRefs(schemas[name] as Json, renames), schemas[base])) renames.set(name, base);
  }
  // A pair may only differ through the names of schemas it refers to; a second pass settles those.
  for (const name of Object.keys(schemas)) {
    const base = name.slice(0, -INPUT_SUFFIX.length);
    if (name.endsWith(INPUT_SUFFIX) && !renames.has(name) && base in schemas
      && isDeepStrictEqual(rewriteRefs(schemas[name] as Json, renames), rewriteRefs(schemas[base] as Json, renames))) renames.set(name, base);
  }
  for (const name of renames.keys()) delete schemas[name];
  const rewritten = rewriteRefs(doc, renames) as { [key: string]: Json };
  const rewrittenSchemas = (rewritten.components as { [key: string]: Json }).schemas as { [key: string]: Json };
  const { components: _components, ...rest } = rewritten;
  const used = referenced(rest, new Set());
  let grew = true;
  while (grew) {
    const before = used.size;
    for (const name of [...used]) referenced(rewrittenSchemas[name] ?? null, used);
    grew = used.size > before;
  }
  for (const name of Object.keys(rewrittenSchemas)) if (!used.has(name)) delete rewrittenSchemas[name];
  return rewritten as unknown as T;
}
