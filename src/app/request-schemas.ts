import { z } from 'zod';
import { InvalidInputError } from '../domain/errors.js';
import { ANALYSIS_TYPES, GENERATION_TYPES } from '../domain/operations.js';

const projectId = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, 'use letters, digits, dot, dash, underscore or colon');

/**
 * Whether a JSON value holds anything a model could work on: a non-blank string, a number or a
 * boolean somewhere inside. Blank strings, null and empty (or all-empty) objects and arrays do not.
 * Walks with its own stack, so a deeply nested body cannot overflow the call stack.
 */
export function hasContent(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.trim() !== '') return true;
    } else if (typeof next === 'number' || typeof next === 'boolean') {
      return true;
    } else if (next !== null && typeof next === 'object') {
      for (const item of Array.isArray(next) ? next : Object.values(next)) pending.push(item);
    }
  }
  return false;
}

export const analyzeRequestSchema = z.strictObject({
  projectId: projectId.optional(),
  analysisType: z.enum(ANALYSIS_TYPES),
  input: z.record(z.string(), z.unknown(), { error: 'must be a JSON object of named material, e.g. {"requirements": "..."}' }).refine(hasContent,
    'has nothing to analyse (every value is blank, null or empty); put the material in it, e.g. {"requirements": "..."}'),
});

export const generateRequestSchema = z.strictObject({
  projectId: projectId.optional(),
  generationType: z.enum(GENERATION_TYPES),
  specification: z.union([z.record(z.string(), z.unknown()), z.string()], { error: 'must be a JSON object (e.g. {"name": "orders", "endpoints": [...]}) or text describing the code' }).refine(hasContent,
    'is empty; describe the code to generate, as text or as a JSON object with content'),
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
