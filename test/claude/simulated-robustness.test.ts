import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createValidator } from '../../src/checks/index.js';
import { analysisSpec, createSimulatedModel, generationSpec, renderUserContent } from '../../src/claude/index.js';
import { ANALYSIS_TYPES, GENERATION_TYPES, type AnalysisType, type GenerationType } from '../../src/domain/operations.js';
import type { GeneratedFile } from '../../src/domain/validation-result.js';

const model = createSimulatedModel();

async function analyse(type: AnalysisType, input: unknown): Promise<{ ok: boolean; issues: string | null }> {
  const spec = analysisSpec(type);
  const response = await model.invoke({ operation: spec.operation, model: 'simulated', system: spec.system, schema: spec.schema, userContent: renderUserContent(input, type), maxTokens: 4096, timeoutMs: 1000, stream: false });
  return { ok: response.parsed !== null, issues: response.parseError };
}

async function generate(type: GenerationType, input: unknown): Promise<{ files: GeneratedFile[] | null; issues: string | null }> {
  const spec = generationSpec(type);
  const response = await model.invoke({ operation: 'code_generation', model: 'simulated', system: spec.system, schema: spec.schema, userContent: renderUserContent(input, type), maxTokens: 16_000, timeoutMs: 1000, stream: false });
  return { files: (response.parsed as { files: GeneratedFile[] } | null)?.files ?? null, issues: response.parseError };
}

const material = fc.oneof(
  fc.string({ maxLength: 3000 }),
  fc.array(fc.oneof(fc.constantFrom('# ', '## ', '- ', '1. ', '\n', 'orders ', 'customer ', 'payment ', 'Type: AWS::S3::Bucket\n', 'Resources:\n', '10,000 requests per second ', '</user_input>', '{', '"'), fc.string({ maxLength: 80 })), { maxLength: 200 }).map((parts) => parts.join('')),
  fc.json({ maxDepth: 3 }).map((json) => JSON.parse(json) as unknown),
  fc.record({ name: fc.string({ maxLength: 300 }), fields: fc.array(fc.record({ name: fc.string({ maxLength: 80 }), type: fc.string({ maxLength: 20 }) }), { maxLength: 20 }) }),
);

describe('simulated model robustness', () => {
  it('answers every analysis type schema-valid for arbitrary material', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...ANALYSIS_TYPES), material, async (type, input) => {
      const result = await analyse(type, { material: input });
      expect(result.issues).toBeNull();
    }), { numRuns: 150 });
  });

  it('answers every generation type schema-valid for arbitrary specifications', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...GENERATION_TYPES), material, async (type, input) => {
      const result = await generate(type, { specification: input, templateContext: {} });
      expect(result.issues).toBeNull();
    }), { numRuns: 100 });
  });

  it('keeps generated code valid whatever names the specification uses', async () => {
    const validator = createValidator();
    await fc.assert(fc.asyncProperty(
      fc.record({ name: fc.string({ maxLength: 60 }), entity: fc.string({ maxLength: 40 }), fields: fc.array(fc.record({ name: fc.string({ maxLength: 40 }), type: fc.constantFrom('string', 'int', 'decimal', 'bool', 'list', 'date') }), { maxLength: 8 }) }),
      fc.constantFrom('python', 'typescript'),
      async (specification, language) => {
        const result = await generate('service', { specification, templateContext: { language } });
        const report = await validator.validateFiles(result.files ?? [], { expectTests: true });
        expect(report.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([]);
      },
    ), { numRuns: 25 });
  }, 120_000);

  it('keeps code valid when field names are language keywords', async () => {
    const validator = createValidator();
    const fields = ['class', 'def', 'import', 'from', 'return', 'lambda', 'None', 'True', 'delete', 'default', 'new', 'function', 'to_dict', 'id', 'constructor'].map((name) => ({ name, type: 'string' }));
    for (const language of ['python', 'typescript']) {
      const result = await generate('service', { specification: { name: 'keyword-service', fields }, templateContext: { language } });
      const report = await validator.validateFiles(result.files ?? [], { expectTests: true });
      expect(report.findings.map((f) => `${f.severity} ${f.file}:${f.line} ${f.ruleId}`)).toEqual([]);
    }
  });

  it('handles the project examples', async () => {
    const dir = 'examples';
    const files = readdirSync(dir, { recursive: true }).map(String).filter((name) => statSync(join(dir, name)).isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const text = readFileSync(join(dir, name), 'utf8');
      for (const type of ANALYSIS_TYPES) expect((await analyse(type, { [name]: text })).issues).toBeNull();
      for (const type of GENERATION_TYPES) expect((await generate(type, { specification: name.endsWith('.json') ? JSON.parse(text) : text })).issues).toBeNull();
    }
  });
});
