import { z } from 'zod';
import { analyzeRequestSchema } from '../../app/request-schemas.js';
import { recommendationSchema } from '../../domain/recommendation.js';
import { resultCommonShape, statusSchema } from './common.js';

/** The core's own request schema, so HTTP and library reject exactly the same bodies. */
export const analyzeBodySchema = analyzeRequestSchema.meta({
  id: 'AnalyzeRequest',
  description: '`projectId` defaults to `default`; `input` is the material to analyse, e.g. `{requirements: "...", context: {...}}`, sanitized before use.',
});

export const analysisResultSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  analysisType: z.string(),
  status: statusSchema,
  recommendations: z.array(recommendationSchema.meta({ id: 'Recommendation' })),
  confidenceScore: z.number(),
  output: z.unknown().describe('The full structured output of the model.'),
  ...resultCommonShape,
}).meta({ id: 'AnalysisResult' });

export const analysisPageSchema = z.object({
  items: z.array(analysisResultSchema),
  nextCursor: z.string().nullable(),
}).meta({ id: 'AnalysisPage' });
