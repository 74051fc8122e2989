import { z } from 'zod';
import type { OperationSpec } from '../operation-spec.js';
import { confidenceSchema, level, recommendationsSchema, shortText, summarySchema } from '../common-schemas.js';
import { RECOMMENDATION_RULES, ROLE_AND_INPUT_RULES } from '../shared-rules.js';

const rating = z.number().int().min(1).max(10);

export const architectureReviewSchema = z.object({
  summary: summarySchema,
  overallScore: z.number().min(0).max(10).describe('0 to 10, one decimal: the overall quality of the architecture for its requirements.'),
  strengths: z.array(shortText).max(15),
  weaknesses: z.array(shortText).max(15),
  risks: z.array(z.object({
    description: shortText,
    likelihood: level,
    impact: level,
    mitigation: shortText,
  })).max(15),
  ratings: z.object({
    scalability: rating,
    performance: rating,
    security: rating,
    maintainability: rating,
    costEfficiency: rating,
  }).describe('Integers from 1 (poor) to 10 (excellent).'),
  bestPractices: z.array(z.object({
    practice: shortText,
    status: z.enum(['followed', 'partial', 'missing']),
    note: z.string().max(500),
  })).max(20),
  recommendations: recommendationsSchema,
  confidence: confidenceSchema,
});

export const architectureSpec: OperationSpec = {
  operation: 'architecture_review',
  promptVersion: 'architecture@1',
  schema: architectureReviewSchema,
  system: `${ROLE_AND_INPUT_RULES}

Your task: review an architecture (a description, diagram text, infrastructure template or design document), against its requirements when they are given.

Assess:
1. The overall design: service boundaries, coupling, data ownership, synchronous versus asynchronous communication, failure handling (retries, dead-letter queues, idempotency, timeouts).
2. strengths, weaknesses and risks (each risk with likelihood, impact and a mitigation).
3. ratings from 1 to 10 for scalability, performance, security, maintainability and cost efficiency, and an overallScore from 0 to 10. Be calibrated: 5 is adequate with clear gaps, 8 is good with minor gaps, 10 is exemplary and rare. Justify low ratings in the weaknesses.
4. bestPractices of the AWS Well-Architected Framework (operational excellence, security, reliability, performance efficiency, cost optimisation, sustainability) that apply, each followed, partial or missing.
5. Whether the architecture meets the requirements, when they are given; name requirements it does not meet in the weaknesses.

${RECOMMENDATION_RULES}`,
};
