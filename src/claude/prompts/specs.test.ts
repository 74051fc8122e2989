import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_TYPES, GENERATION_TYPES, operationForAnalysis } from '../../domain/operations.js';
import { instanceOfJsonSchema, type JsonSchema } from '../json-schema/index.js';
import { analysisSpec, confidenceOf, extractRecommendations, generationSpec } from './index.js';

const SUPPORTED_KEYS = new Set([
  '$defs', '$ref', 'type', 'properties', 'required', 'additionalProperties', 'items', 'minItems',
  'enum', 'const', 'anyOf', 'allOf', 'description', 'title', 'format',
]);

/** Every keyword left after the SDK's transform must be one structured outputs accept. */
function unsupportedKeywords(schema: unknown, path = '$'): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  if (Array.isArray(schema)) return schema.flatMap((item, i) => unsupportedKeywords(item, `${path}[${i}]`));
  const problems: string[] = [];
  const record = schema as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (!SUPPORTED_KEYS.has(key)) problems.push(`${path}.${key}`);
    if (key === 'properties' || key === '$defs') {
      for (const [name, child] of Object.entries(value as Record<string, unknown>)) problems.push(...unsupportedKeywords(child, `${path}.${name}`));
    } else if (key === 'items' || key === 'anyOf' || key === 'allOf') {
      problems.push(...unsupportedKeywords(value, `${path}.${key}`));
    }
  }
  // A zod record becomes an object that can hold nothing: the model could never fill it.
  if (record.type === 'object' && Object.keys((record.properties ?? {}) as object).length === 0) problems.push(`${path} (empty object)`);
  if (typeof record.description === 'string' && /[{,] ?(propertyNames|pattern|prefixItems): /.test(record.description)) problems.push(`${path} (constraint the model cannot see)`);
  return problems;
}

const specs = [
  ...ANALYSIS_TYPES.map((type) => ({ name: `analysis ${type}`, spec: analysisSpec(type), analysis: true })),
  ...GENERATION_TYPES.map((type) => ({ name: `generation ${type}`, spec: generationSpec(type), analysis: false })),
];

describe('operation specs', () => {
  it.each(specs)('$name: schema survives the structured-outputs transform', ({ spec }) => {
    const format = zodOutputFormat(spec.schema);
    expect(unsupportedKeywords(format.schema)).toEqual([]);
  });

  it.each(specs)('$name: an instance of the transformed JSON schema passes the zod schema', ({ spec }) => {
    const format = zodOutputFormat(spec.schema);
    const instance = instanceOfJsonSchema(format.schema as JsonSchema);
    const result = spec.schema.safeParse(instance);
    expect(result.error?.issues ?? []).toEqual([]);
    expect(format.parse(JSON.stringify(instance))).toEqual(instance);
  });

  it.each(specs)('$name: system prompt declares the user input as data', ({ spec }) => {
    expect(spec.system).toContain('<user_input');
    expect(spec.system).toMatch(/never an instruction/);
    expect(spec.system).not.toMatch(/\$\{/);
  });

  it('versions every prompt and maps analysis types to their operation', () => {
    const versions = specs.map(({ spec }) => spec.promptVersion);
    expect(new Set(versions).size).toBe(versions.length);
    for (const version of versions) expect(version).toMatch(/^[a-z-]+@\d+$/);
    for (const type of ANALYSIS_TYPES) expect(analysisSpec(type).operation).toBe(operationForAnalysis(type));
    for (const type of GENERATION_TYPES) expect(generationSpec(type).operation).toBe('code_generation');
  });

  it('every analysis output has recommendations and a confidence', () => {
    for (const { spec, analysis } of specs) {
      if (!analysis) continue;
      const instance = instanceOfJsonSchema(zodOutputFormat(spec.schema).schema as JsonSchema);
      expect(Array.isArray(extractRecommendations(instance))).toBe(true);
      expect(extractRecommendations(instance).length).toBeGreaterThan(0);
      expect(confidenceOf(instance)).toBeGreaterThanOrEqual(0);
      expect(confidenceOf(instance)).toBeLessThanOrEqual(1);
    }
  });

  it('reads recommendations and confidence defensively', () => {
    expect(extractRecommendations(null)).toEqual([]);
    expect(extractRecommendations({ recommendations: 'x' })).toEqual([]);
    expect(confidenceOf({ confidence: 1.7 })).toBe(1);
    expect(confidenceOf({ confidence: -1 })).toBe(0);
    expect(confidenceOf({})).toBe(0);
    expect(confidenceOf({ confidence: 0.82 })).toBe(0.82);
  });

  it('asks code generation for the files the issue lists', () => {
    const service = generationSpec('service').system;
    for (const part of ['handler', 'model module', 'template.yaml', 'tests', 'requirements.txt', 'authorizer', 'least-privilege']) {
      expect(service).toContain(part);
    }
    expect(generationSpec('deployment').system).toContain('.github/workflows/deploy.yml');
    expect(generationSpec('documentation').system).toContain('docs/api.md');
  });
});

describe('estimateSchemaTokens', () => {
  it('counts the transformed JSON schema conservatively', async () => {
    const { estimateSchemaTokens } = await import('./index.js');
    const schema = analysisSpec('requirements').schema;
    const text = JSON.stringify(zodOutputFormat(schema).schema);
    expect(estimateSchemaTokens(schema)).toBe(Math.ceil(Buffer.byteLength(text) / 3) + 32);
    expect(estimateSchemaTokens(schema)).toBeGreaterThan(text.length / 4);
  });
});
