import { z } from 'zod';
import { generateRequestSchema } from '../../app/request-schemas.js';
import { resultCommonShape, statusSchema } from './common.js';
import { findingSchema, generatedFileSchema, validationResultSchema } from './validation.js';

/** The core's own request schema, so HTTP and library reject exactly the same bodies. */
export const generateBodySchema = generateRequestSchema.meta({
  id: 'GenerateRequest',
  description: '`projectId` defaults to `default`; `specification` is text or a structured specification, `templateContext` template variables and project context; both sanitized before use.',
});

export const generationResultSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  generationType: z.string(),
  status: statusSchema,
  files: z.array(generatedFileSchema),
  validationResults: z.array(validationResultSchema),
  findings: z.array(findingSchema),
  ...resultCommonShape,
}).meta({ id: 'GenerationResult' });

export const generationPageSchema = z.object({
  items: z.array(generationResultSchema),
  nextCursor: z.string().nullable(),
}).meta({ id: 'GenerationPage' });
