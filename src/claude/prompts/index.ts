import type { AnalysisType, GenerationType } from '../../domain/operations.js';
import { ANALYSIS_SPECS } from './analysis/analysis-specs.js';
import { GENERATION_SPECS } from './generation/generation-spec.js';
import type { OperationSpec } from './operation-spec.js';

export type { OperationSpec } from './operation-spec.js';
export { renderUserContent, repairUserContent, parseUserContent, neutraliseDelimiters } from './user-content.js';
export { extractRecommendations, confidenceOf } from './output-accessors.js';
export { estimateSchemaTokens } from './schema-tokens.js';
export { requirementsAnalysisSchema } from './analysis/requirements.js';
export { architectureReviewSchema } from './analysis/architecture.js';
export { optimizationAnalysisSchema } from './analysis/optimization.js';
export { costAnalysisSchema } from './analysis/cost.js';
export { performanceAnalysisSchema } from './analysis/performance.js';
export { securityAnalysisSchema } from './analysis/security.js';
export { complianceAnalysisSchema } from './analysis/compliance.js';
export { codeGenerationSchema, generatedFileSchema, type CodeGenerationOutput } from './generation/generation-schema.js';

/** The versioned prompt and output schema of an analysis type. */
export function analysisSpec(type: AnalysisType): OperationSpec {
  return ANALYSIS_SPECS[type];
}

/** The versioned prompt and output schema of a generation type. */
export function generationSpec(type: GenerationType): OperationSpec {
  return GENERATION_SPECS[type];
}
