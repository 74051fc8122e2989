import type { GenerationType } from '../../../domain/operations.js';
import type { OperationSpec } from '../operation-spec.js';
import { CODE_RULES, ROLE_AND_INPUT_RULES } from '../shared-rules.js';
import { codeGenerationSchema } from './generation-schema.js';
import { GENERATION_TASKS } from './generation-tasks.js';

function specFor(type: GenerationType): OperationSpec {
  return {
    operation: 'code_generation',
    promptVersion: `generate-${type}@1`,
    schema: codeGenerationSchema,
    system: `${ROLE_AND_INPUT_RULES}

${GENERATION_TASKS[type]}

${CODE_RULES}`,
  };
}

export const GENERATION_SPECS: Readonly<Record<GenerationType, OperationSpec>> = {
  service: specFor('service'),
  api: specFor('api'),
  database: specFor('database'),
  config: specFor('config'),
  tests: specFor('tests'),
  documentation: specFor('documentation'),
  deployment: specFor('deployment'),
};
