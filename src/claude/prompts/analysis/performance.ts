import { z } from 'zod';
import type { OperationSpec } from '../operation-spec.js';
import { nameText, shortText } from '../common-schemas.js';
import { findingsBaseShape, findingsSystemPrompt } from './findings-base.js';

export const performanceAnalysisSchema = z.object({
  ...findingsBaseShape,
  bottlenecks: z.array(z.object({
    component: nameText,
    issue: shortText,
    expectedImprovement: shortText.describe('What the fix should gain, e.g. "p99 latency from ~1.2 s to ~200 ms".'),
  })).max(20),
  targets: z.array(shortText).max(10).describe('The latency, throughput or availability targets you assumed or found.'),
});

export const performanceSpec: OperationSpec = {
  operation: 'optimization_analysis',
  promptVersion: 'performance@1',
  schema: performanceAnalysisSchema,
  system: findingsSystemPrompt(`Your task: analyse the performance and scalability of the architecture, templates or code in the material. Find bottlenecks and say what fixing each would gain: cold starts (package size, runtime, provisioned concurrency, SnapStart), Lambda memory and CPU, synchronous chains that could be asynchronous, N+1 calls, missing caching (API Gateway, DAX, ElastiCache, CloudFront), DynamoDB hot partitions, scans instead of queries, missing indexes, throttling and concurrency limits, batch sizes of event sources, timeouts and retries that amplify load, and payload sizes.`),
};
