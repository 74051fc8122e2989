import { z } from 'zod';
import type { OperationSpec } from '../operation-spec.js';
import { costLineSchema, shortText, usdPerMonth } from '../common-schemas.js';
import { findingsBaseShape, findingsSystemPrompt } from './findings-base.js';

export const costAnalysisSchema = z.object({
  ...findingsBaseShape,
  currentMonthlyCostUsd: usdPerMonth.nullable().describe('Estimated current monthly cost, or null when it cannot be estimated.'),
  optimizedMonthlyCostUsd: usdPerMonth.nullable().describe('Estimated monthly cost once the recommendations are applied, or null.'),
  costDrivers: z.array(costLineSchema).max(25).describe('The largest cost items, most expensive first.'),
  assumptions: z.array(shortText).max(15),
});

export const costSpec: OperationSpec = {
  operation: 'optimization_analysis',
  promptVersion: 'cost@1',
  schema: costAnalysisSchema,
  system: findingsSystemPrompt(`Your task: analyse the cost of the architecture or templates in the material. Estimate the current monthly cost and its drivers with AWS on-demand list prices in us-east-1 unless the material names a region, state the usage assumptions (requests, data volumes, storage) behind every figure, and recommend changes that lower the cost without hurting reliability or security: right-sizing, arm64, capacity modes, savings plans and reserved capacity where usage is steady, caching, batching, storage tiers and lifecycle rules, log retention, data transfer and NAT costs.`),
};
