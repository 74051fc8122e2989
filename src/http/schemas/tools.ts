import { z } from 'zod';
import { generatedFileSchema } from './validation.js';

export const sanitizeBodySchema = z.strictObject({
  text: z.string().describe('Text to sanitize; secrets and personal data are replaced by typed placeholders.'),
}).meta({ id: 'SanitizeRequest' });

export const sanitizeFindingSchema = z.object({
  type: z.string().describe('e.g. `aws_access_key_id`, `email`, `credit_card`'),
  start: z.number().int(),
  end: z.number().int(),
  placeholder: z.string(),
}).meta({ id: 'SanitizeFinding' });

export const sanitizeResultSchema = z.object({
  text: z.string(),
  findings: z.array(sanitizeFindingSchema),
}).meta({ id: 'SanitizeResult' });

export const validateBodySchema = z.strictObject({
  files: z.array(generatedFileSchema).min(1).max(500),
}).meta({ id: 'ValidateRequest' });
