import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createValidator } from '../../src/checks/index.js';
import { createSimulatedModel, generationSpec, renderUserContent } from '../../src/claude/index.js';
import { GENERATION_TYPES, type GenerationType } from '../../src/domain/operations.js';
import type { GeneratedFile } from '../../src/domain/validation-result.js';

const run = promisify(execFile);
const model = createSimulatedModel();
const validator = createValidator();
const scratch = mkdtempSync(join(tmpdir(), 'skafu-simulated-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const SPECS = {
  python: {
    specification: { name: 'order-service', description: 'Manages customer orders', entities: [{ name: 'Order', fields: [{ name: 'customerId', type: 'string' }, { name: 'totalAmount', type: 'number' }, { name: 'quantity', type: 'integer' }, { name: 'express', type: 'boolean', required: false }, { name: 'items', type: 'list' }] }] },
    templateContext: {},
  },
  typescript: {
    specification: '# Invoice service\nA TypeScript service on Node.js 20 that stores invoices with an amount and a due date.',
    templateContext: { language: 'typescript' },
  },
} as const;

async function bundle(language: keyof typeof SPECS, type: GenerationType): Promise<GeneratedFile[]> {
  const spec = generationSpec(type);
  const response = await model.invoke({ operation: 'code_generation', model: 'simulated', system: spec.system, schema: spec.schema, userContent: renderUserContent(SPECS[language], type), maxTokens: 16_000, timeoutMs: 1000, stream: true });
  expect(response.parseError).toBeNull();
  return (response.parsed as { files: GeneratedFile[] }).files;
}

function writeBundle(files: GeneratedFile[], name: string): string {
  const dir = join(scratch, name);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
  return dir;
}

const hasPytest = await run('python3', ['-c', 'import pytest, boto3']).then(() => true, () => false);

describe('simulated code generation', () => {
  for (const language of ['python', 'typescript'] as const) {
    it.each(GENERATION_TYPES)(`${language} %s bundle passes the validator with no findings`, async (type) => {
      const files = await bundle(language, type);
      const report = await validator.validateFiles(files, { expectTests: type === 'service' || type === 'tests' });
      expect(report.findings.map((f) => `${f.severity} ${f.file}:${f.line} ${f.ruleId} ${f.message}`)).toEqual([]);
      expect(report.valid).toBe(true);
    });
  }

  it('derives names and fields from the specification', async () => {
    const files = await bundle('python', 'service');
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['src/app.py', 'src/models.py', 'src/repository.py', 'tests/test_app.py', 'template.yaml', 'requirements.txt', 'README.md']));
    const models = files.find((f) => f.path === 'src/models.py')?.content ?? '';
    expect(models).toContain('class Order:');
    expect(models).toContain('total_amount: Decimal');
    expect(models).toContain('express: Optional[bool] = None');
    const template = files.find((f) => f.path === 'template.yaml')?.content ?? '';
    expect(template).toContain('Path: /orders/{order_id}');
    expect(template).toContain('DefaultAuthorizer: CognitoAuthorizer');
    expect(template).toContain('SSEEnabled: true');
    expect(template).toContain('DynamoDBCrudPolicy');
    expect(files.find((f) => f.path === 'requirements.txt')?.content).toMatch(/^boto3==\d+\.\d+\.\d+$/m);
  });

  it('writes TypeScript when the specification asks for it', async () => {
    const files = await bundle('typescript', 'service');
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['src/handler.ts', 'src/model.ts', 'src/repository.ts', 'test/handler.test.ts', 'package.json', 'template.yaml']));
    expect(files.find((f) => f.path === 'src/model.ts')?.content).toContain('export interface Invoice');
    expect(files.find((f) => f.path === 'template.yaml')?.content).toContain('Runtime: nodejs20.x');
  });

  it('generated TypeScript compiles under strict settings', async () => {
    const files = [...await bundle('typescript', 'service'), ...(await bundle('typescript', 'config')).filter((f) => f.path.startsWith('src/config') || f.path.startsWith('test/config'))];
    const dir = writeBundle(files, 'ts-service');
    symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
    const result = await run(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '--noEmit', '-p', join(dir, 'tsconfig.json')]).then(() => '', (error: { stdout?: string }) => error.stdout ?? 'tsc failed');
    expect(result).toBe('');
  }, 60_000);

  it.skipIf(!hasPytest)('generated Python passes its own pytest suite', async () => {
    const files = [...await bundle('python', 'service'), ...(await bundle('python', 'config')).filter((f) => f.path.includes('config'))];
    const dir = writeBundle(files, 'py-service');
    const { stdout } = await run('python3', ['-m', 'pytest', '-p', 'no:cacheprovider'], { cwd: dir });
    expect(stdout).toMatch(/\b\d{2} passed\b/);
    expect(stdout).not.toMatch(/failed|error/);
  }, 60_000);
});
