import { z } from 'zod';
import type { OperationSpec } from '../operation-spec.js';
import { shortText, usdPerMonth } from '../common-schemas.js';
import { findingsBaseShape, findingsSystemPrompt } from './findings-base.js';

export const optimizationAnalysisSchema = z.object({
  ...findingsBaseShape,
  currentMonthlyCostUsd: usdPerMonth.nullable().describe('Estimated current monthly cost, or null when the material does not allow an estimate.'),
  quickWins: z.array(shortText).max(10).describe('Changes that take under a day and carry little risk.'),
});

export const optimizationSpec: OperationSpec = {
  operation: 'optimization_analysis',
  promptVersion: 'optimization@1',
  schema: optimizationAnalysisSchema,
  system: findingsSystemPrompt(`Your task: review infrastructure templates (AWS SAM, CloudFormation, CDK output, Terraform) or a project template and find optimisations of cost, performance, reliability and maintainability.

Look in particular at: Lambda memory, timeout and architecture (arm64 is cheaper), provisioned concurrency that is not needed, DynamoDB capacity mode and indexes that no access pattern uses, missing TTLs, log retention left at "never expire", S3 lifecycle rules and storage classes, NAT gateways that VPC endpoints could replace, API Gateway REST versus HTTP APIs, over-provisioned or idle resources, missing dead-letter queues and alarms, duplicated configuration that Globals or parameters could hold, and hard-coded values that belong in parameters.`),
};
