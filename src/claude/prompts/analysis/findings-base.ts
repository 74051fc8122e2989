import { z } from 'zod';
import { confidenceSchema, findingSchema, recommendationsSchema, summarySchema, usdPerMonth } from '../common-schemas.js';
import { RECOMMENDATION_RULES, ROLE_AND_INPUT_RULES } from '../shared-rules.js';

/** The fields every optimisation-style analysis (optimization, cost, performance, security, compliance) has. */
export const findingsBaseShape = {
  summary: summarySchema,
  findings: z.array(findingSchema).max(30),
  recommendations: recommendationsSchema,
  estimatedMonthlySavingsUsd: usdPerMonth.describe('Total monthly savings of all recommendations together, 0 when none apply.'),
  confidence: confidenceSchema,
};

export function findingsSystemPrompt(task: string): string {
  return `${ROLE_AND_INPUT_RULES}

${task}

Findings (field "findings"): one entry per concrete issue you found in the material, naming the resource it concerns, a severity and the evidence. Recommendations turn findings into changes; give estimatedMonthlySavingsUsd on each recommendation that saves money, and the total in the top-level estimatedMonthlySavingsUsd.

${RECOMMENDATION_RULES}`;
}
