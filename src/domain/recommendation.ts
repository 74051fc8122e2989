import { z } from 'zod';
import { ModelOutputError } from './errors.js';

export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export const RECOMMENDATION_CATEGORIES = [
  'architecture', 'security', 'performance', 'cost', 'compliance', 'maintenance', 'deployment',
] as const;
export const IMPACTS = ['high', 'medium', 'low'] as const;

export const recommendationSchema = z.object({
  title: z.string().min(1).max(200),
  description: z.string().max(2000),
  priority: z.enum(PRIORITIES),
  category: z.enum(RECOMMENDATION_CATEGORIES),
  impact: z.enum(IMPACTS),
  implementationEffort: z.enum(['low', 'medium', 'high']).optional(),
  /** Estimated monthly savings in USD, where the recommendation saves money. */
  estimatedMonthlySavingsUsd: z.number().nonnegative().optional(),
  risks: z.array(z.string().max(500)).max(20).optional(),
  benefits: z.array(z.string().max(500)).max(20).optional(),
});

export type Recommendation = z.infer<typeof recommendationSchema>;
export type Priority = (typeof PRIORITIES)[number];

/** Two recommendations are the same when title, description and category are (the seed's rule). */
export function sameRecommendation(a: Recommendation, b: Recommendation): boolean {
  return a.title === b.title && a.description === b.description && a.category === b.category;
}

/**
 * Validates and returns a recommendation or throws an InvalidRecommendationError naming the field,
 * prefixed by `at` (e.g. `recommendations[2]`) when given.
 */
export function parseRecommendation(value: unknown, at?: string): Recommendation {
  const result = recommendationSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = [at, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.') || 'recommendation';
    throw new InvalidRecommendationError(`Invalid recommendation: ${field}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** A recommendation from the model breaks its rules; a kind of model output error (exit 1). */
export class InvalidRecommendationError extends ModelOutputError {
  override readonly name: string = 'InvalidRecommendationError';
}
