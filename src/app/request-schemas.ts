import { z } from 'zod';
import { InvalidInputError } from '../domain/errors.js';
import { ANALYSIS_TYPES, GENERATION_TYPES } from '../domain/operations.js';

const projectId = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, 'use letters, digits, dot, dash, underscore or colon');

export const analyzeRequestSchema = z.strictObject({
  projectId: projectId.optional(),
  analysisType: z.enum(ANALYSIS_TYPES),
  input: z.record(z.string(), z.unknown()).refine((v) => Object.keys(v).length > 0, 'input must not be empty'),
});

export const generateRequestSchema = z.strictObject({
  projectId: projectId.optional(),
  generationType: z.enum(GENERATION_TYPES),
  specification: z.union([z.record(z.string(), z.unknown()), z.string().min(1)]),
  templateContext: z.record(z.string(), z.unknown()).optional(),
});

/** Parses a request or throws InvalidInputError listing every field that is wrong. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => issue.path.join('.') || '(body)');
  const details = result.error.issues.map((issue) => {
    const at = issue.path.join('.') || '(body)';
    if (issue.code === 'unrecognized_keys') return `${at}: unknown field(s) ${issue.keys.join(', ')}`;
    return `${at}: ${issue.message}`;
  });
  throw new InvalidInputError(`Invalid request: ${details.join('; ')}`, [...new Set(fields)]);
}
