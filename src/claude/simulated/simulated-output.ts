import { z } from 'zod';
import { isAnalysisType, isGenerationType } from '../../domain/operations.js';
import { instanceOfJsonSchema, type JsonSchema } from '../json-schema/index.js';
import { analysisSpec, generationSpec } from '../prompts/index.js';
import { simulateArchitectureReview } from './architecture-review.js';
import { simulateFindingsAnalysis } from './findings-analysis.js';
import { simulateCodeGeneration } from './generation-output.js';
import type { Material } from './read-material.js';
import { simulateRequirementsAnalysis } from './requirements-analysis.js';

/**
 * The simulated answer for the material: built from it when the request is one of our own specs
 * (recognised by the `kind` of the user input and the schema), else a generic instance of the schema.
 */
export function simulatedOutput(material: Material, schema: z.ZodType): unknown {
  const { kind } = material;
  if (isAnalysisType(kind) && analysisSpec(kind).schema === schema) {
    if (kind === 'requirements') return simulateRequirementsAnalysis(material);
    if (kind === 'architecture') return simulateArchitectureReview(material);
    return simulateFindingsAnalysis(kind, material);
  }
  if (isGenerationType(kind) && generationSpec(kind).schema === schema) return simulateCodeGeneration(kind, material);
  return instanceOfJsonSchema(z.toJSONSchema(schema, { unrepresentable: 'any' }) as JsonSchema);
}
