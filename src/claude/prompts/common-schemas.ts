import { z } from 'zod';
import { recommendationSchema } from '../../domain/recommendation.js';

// Output schemas must stay inside the JSON-schema subset of structured outputs: no records (they
// become empty objects), tuples, patterns or refinements; length and range limits are passed to the
// model as descriptions by the SDK and enforced here on the way back.

export const nameText = z.string().min(1).max(120);
export const shortText = z.string().min(1).max(500);
export const longText = z.string().min(1).max(4000);
export const severity = z.enum(['critical', 'high', 'medium', 'low']);
export const level = z.enum(['high', 'medium', 'low']);
export const usdPerMonth = z.number().min(0);

export const summarySchema = z.string().min(1).max(4000)
  .describe('A few sentences a team lead can read first: the main conclusions and the gaps in the material.');

export const confidenceSchema = z.number().min(0).max(1)
  .describe('0 to 1: how well the material supports this answer.');

export const recommendationsSchema = z.array(recommendationSchema).max(25)
  .describe('Prioritised, specific recommendations, most important first.');

export const costLineSchema = z.object({
  item: nameText.describe('What the money is spent on, e.g. "Lambda compute" or "DynamoDB on-demand writes".'),
  monthlyUsd: usdPerMonth,
  basis: z.string().max(300).optional().describe('The usage assumption behind the figure.'),
});

export const findingSchema = z.object({
  title: z.string().min(1).max(200),
  resource: z.string().min(1).max(200).describe('The component, resource or requirement the finding is about, named as in the material.'),
  severity,
  detail: z.string().min(1).max(2000).describe('What is wrong or could be better, and the evidence in the material.'),
});
