import { parse } from 'yaml';
import { fieldsFor } from './domain-knowledge.js';
import { camel, kebab, pascal, plural, snake, words } from './naming.js';
import { stringsIn, type Material } from './read-material.js';
import { asRecord } from './template-scan.js';

export type FieldKind = 'string' | 'integer' | 'number' | 'boolean' | 'list';

export interface FieldSpec {
  /** snake_case (Python, and the JSON keys of the Python service). */
  snake: string;
  /** camelCase (TypeScript, and the JSON keys of the TypeScript service). */
  camel: string;
  kind: FieldKind;
  required: boolean;
}

/** What the simulated model takes from a service specification to generate code for it. */
export interface ServiceSketch {
  /** kebab-case, e.g. `order-service`. */
  serviceName: string;
  /** snake_case singular, e.g. `order`. */
  entity: string;
  /** PascalCase, e.g. `Order`. */
  Entity: string;
  /** kebab-case plural for paths, e.g. `orders`. */
  collection: string;
  fields: FieldSpec[];
  language: 'python' | 'typescript';
  description: string;
}

const RESERVED = new Set(['id', 'created_at', 'updated_at', 'entity_type', 'to_dict']);
const PYTHON_KEYWORDS = new Set([
  'false', 'none', 'true', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
]);

export function readServiceSketch(material: Material): ServiceSketch {
  const spec = specificationObject(material);
  const context = material.parts.templateContext;
  const serviceName = kebab(firstString(spec.name, spec.serviceName, asRecord(spec.service).name, spec.service, spec.title) ?? material.headings[0] ?? '', '');
  const entitySource = entityName(spec) || serviceName.replace(/-?(service|api|svc)$/, '') || material.entities[0];
  const entity = snake(entitySource || material.entities[0] || 'item').split('_').slice(-1)[0] || 'item';
  const language = /typescript|\bnode(\.?js)?\b|nodejs/i.test(JSON.stringify([spec, context ?? null, material.text.slice(0, 4000)])) && !/\bpython\b/i.test(JSON.stringify(context ?? null)) ? 'typescript' : 'python';
  return {
    serviceName: serviceName.length > 0 ? (serviceName.endsWith('service') ? serviceName : `${serviceName}-service`) : `${kebab(entity)}-service`,
    entity,
    Entity: pascal(entity),
    collection: plural(kebab(entity)),
    fields: fieldsOf(spec, entity),
    language,
    description: firstString(spec.description, spec.summary, spec.purpose) ?? `Manages ${plural(entity.replace(/_/g, ' '))}.`,
  };
}

function specificationObject(material: Material): Record<string, unknown> {
  const spec = material.parts.specification ?? material.text;
  if (spec && typeof spec === 'object' && !Array.isArray(spec)) return spec as Record<string, unknown>;
  if (typeof spec === 'string') {
    try {
      const parsed: unknown = parse(spec, { logLevel: 'silent' });
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      return {}; // Prose rather than YAML: names come from headings and entities instead.
    }
  }
  return {};
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value.trim().length > 0) return value.trim().slice(0, 200);
  return undefined;
}

function entityName(spec: Record<string, unknown>): string | undefined {
  const list = [spec.entities, spec.models, spec.resources].find(Array.isArray) as unknown[] | undefined;
  const first = list?.[0];
  return firstString(spec.entity, spec.model, spec.resource, typeof first === 'string' ? first : asRecord(first).name);
}

function rawFields(spec: Record<string, unknown>): unknown {
  const list = [spec.entities, spec.models, spec.resources].find(Array.isArray) as unknown[] | undefined;
  return spec.fields ?? spec.attributes ?? asRecord(list?.[0]).fields ?? asRecord(list?.[0]).attributes ?? asRecord(spec.entity).fields;
}

function kindOf(type: string): FieldKind {
  if (/int|count|quantity/i.test(type)) return 'integer';
  if (/number|float|decimal|double|price|amount|money/i.test(type)) return 'number';
  if (/bool/i.test(type)) return 'boolean';
  if (/list|array|\[\]/i.test(type)) return 'list';
  return 'string';
}

function fieldsOf(spec: Record<string, unknown>, entity: string): FieldSpec[] {
  const raw = rawFields(spec);
  let entries: Array<{ name: string; type: string; required: boolean }> = [];
  if (Array.isArray(raw)) {
    entries = raw.map((item) => typeof item === 'string'
      ? { name: item, type: 'string', required: true }
      : { name: String(asRecord(item).name ?? ''), type: String(asRecord(item).type ?? 'string'), required: asRecord(item).required !== false });
  } else if (raw && typeof raw === 'object') {
    entries = Object.entries(raw).map(([name, type]) => ({ name, type: typeof type === 'string' ? type : String(asRecord(type).type ?? stringsIn(type)[0] ?? 'string'), required: asRecord(type).required !== false }));
  }
  if (entries.length === 0) entries = fieldsFor(entity).map((f) => ({ name: f.name, type: f.type, required: f.required }));
  const seen = new Set<string>();
  const fields: FieldSpec[] = [];
  for (const entry of entries) {
    const plain = snake(entry.name, '');
    // A Python keyword cannot name a dataclass field.
    const snakeName = PYTHON_KEYWORDS.has(plain) ? `${plain}_value` : plain;
    if (snakeName.length === 0 || RESERVED.has(snakeName) || seen.has(snakeName) || words(snakeName).length === 0) continue;
    seen.add(snakeName);
    fields.push({ snake: snakeName, camel: camel(snakeName), kind: kindOf(entry.type), required: entry.required });
  }
  if (!fields.some((f) => f.required)) fields.unshift({ snake: 'name', camel: 'name', kind: 'string', required: true });
  return fields.slice(0, 12);
}
