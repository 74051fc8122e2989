import type { GenerationType } from '../../domain/operations.js';
import type { GeneratedFile } from '../../domain/validation-result.js';
import type { CodeGenerationOutput } from '../prompts/generation/generation-schema.js';
import { configFiles } from './config-files.js';
import { accessPatternsDoc, apiDoc, architectureDoc, deploymentFiles, openApi, operationsDoc, readme } from './docs-files.js';
import { pythonHandler, pythonModels, pythonRepository } from './python-files.js';
import { pythonAppTests, pythonModelTests, pythonProjectFiles, pythonRepositoryTests } from './python-tests.js';
import type { Material } from './read-material.js';
import { samTemplate } from './sam-template.js';
import { readServiceSketch, type ServiceSketch } from './service-sketch.js';
import { typescriptHandler, typescriptModel, typescriptProjectFiles, typescriptRepository } from './typescript-files.js';
import { typescriptRepositoryTests, typescriptTests } from './typescript-tests.js';

interface CodeSet {
  handler: GeneratedFile;
  model: GeneratedFile;
  repository: GeneratedFile;
  tests: GeneratedFile[];
  project: GeneratedFile[];
}

function codeSet(s: ServiceSketch): CodeSet {
  if (s.language === 'python') {
    return { handler: pythonHandler(s), model: pythonModels(s), repository: pythonRepository(s), tests: [pythonAppTests(s), pythonModelTests(s), pythonRepositoryTests(s)], project: pythonProjectFiles() };
  }
  return { handler: typescriptHandler(s), model: typescriptModel(s), repository: typescriptRepository(s), tests: [typescriptTests(s), typescriptRepositoryTests(s)], project: typescriptProjectFiles(s) };
}

function filesFor(type: GenerationType, s: ServiceSketch): GeneratedFile[] {
  const code = codeSet(s);
  const app = [code.handler, code.model, code.repository];
  switch (type) {
    case 'service': return [...app, ...code.tests, samTemplate(s, { api: true }), ...code.project, readme(s)];
    case 'api': return [openApi(s), ...app, ...code.tests, samTemplate(s, { api: true }), ...code.project];
    case 'database': return [code.model, code.repository, ...code.tests.filter((t) => /repository/.test(t.path)), samTemplate(s, { api: false }), ...code.project, accessPatternsDoc(s)];
    case 'config': return [samTemplate(s, { api: true }), ...deploymentFiles(s).filter((f) => f.path === 'samconfig.toml'), ...configFiles(s), ...code.project];
    case 'tests': return [...code.tests, ...code.project];
    case 'documentation': return [readme(s), apiDoc(s), architectureDoc(s), operationsDoc(s)];
    case 'deployment': return [samTemplate(s, { api: true, gradualDeployment: true }), ...deploymentFiles(s)];
  }
}

const TASK: Record<GenerationType, string> = {
  service: 'a complete service (handler, model, repository, tests, SAM template, dependencies, README)',
  api: 'the API layer (OpenAPI definition, handler, model, tests, SAM template)',
  database: 'the data layer (encrypted table with point-in-time recovery, model, repository, tests, access patterns)',
  config: 'the configuration (template parameters, samconfig environments, a checked settings module and its tests)',
  tests: 'the test suite (handler, model and repository tests with AWS faked)',
  documentation: 'the documentation (README, API reference, architecture with a diagram, runbook)',
  deployment: 'the deployment (SAM template with canary deployments and alarms, samconfig, GitHub Actions pipeline with OIDC)',
};

export function simulateCodeGeneration(type: GenerationType, material: Material): CodeGenerationOutput {
  const s = readServiceSketch(material);
  const files = filesFor(type, s);
  const python = s.language === 'python';
  const { install, test } = python ? { install: 'pip install -r requirements-dev.txt', test: 'pytest' } : { install: 'npm ci', test: 'npm test' };
  return {
    summary: `Simulated ${type} generation for ${s.serviceName}: ${TASK[type]}, for the ${s.Entity} entity with fields ${s.fields.map((f) => (python ? f.snake : f.camel)).join(', ')}.`,
    language: type === 'documentation' ? 'markdown' : python ? 'python' : 'typescript',
    files,
    dependencies: python
      ? [{ name: 'boto3', version: '1.35.36', ecosystem: 'pip' }, { name: 'pytest', version: '8.3.3', ecosystem: 'pip' }]
      : [{ name: '@aws-sdk/client-dynamodb', version: '3.1169.0', ecosystem: 'npm' }, { name: '@aws-sdk/lib-dynamodb', version: '3.1169.0', ecosystem: 'npm' }, { name: 'vitest', version: '4.1.12', ecosystem: 'npm' }],
    instructions: type === 'documentation' ? ['Review the documents and publish them with the repository.'] : [install, test, 'sam build', 'sam deploy --guided'],
    assumptions: [
      ...(type === 'tests' ? [`The tests target the modules a service generation produces (${python ? 'src/app.py, src/models.py, src/repository.py' : 'src/handler.ts, src/model.ts, src/repository.ts'}).`] : []),
      `The ${s.Entity} is stored in its own DynamoDB table keyed by id.`,
      'Callers authenticate with an existing Cognito user pool (UserPoolArn parameter).',
      python ? 'Python 3.12 on arm64 Lambda.' : 'Node.js 20 with TypeScript, bundled by esbuild.',
    ],
  };
}
