import { z } from 'zod';

export const generatedFileSchema = z.strictObject({
  path: z.string().min(1).max(1024),
  content: z.string(),
}).meta({ id: 'GeneratedFile' });

export const validationResultSchema = z.object({
  fileName: z.string(),
  isValid: z.boolean(),
  language: z.string(),
  errors: z.array(z.string()),
  warnings: z.array(z.string()),
  metrics: z.object({ linesOfCode: z.number(), complexity: z.number() }),
}).meta({ id: 'ValidationResult' });

export const findingSchema = z.object({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  ruleId: z.string(),
  category: z.string().describe('A CWE id such as `CWE-89`, `syntax`, or `quality`.'),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  fix: z.string().optional(),
}).meta({ id: 'Finding' });

export const validationReportSchema = z.object({
  valid: z.boolean(),
  files: z.array(validationResultSchema),
  findings: z.array(findingSchema),
}).meta({ id: 'ValidationReport' });
