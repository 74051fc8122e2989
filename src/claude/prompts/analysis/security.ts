import { z } from 'zod';
import type { OperationSpec } from '../operation-spec.js';
import { nameText, shortText } from '../common-schemas.js';
import { findingsBaseShape, findingsSystemPrompt } from './findings-base.js';

export const securityAnalysisSchema = z.object({
  ...findingsBaseShape,
  threats: z.array(z.object({
    threat: shortText,
    asset: nameText,
    stride: z.enum(['spoofing', 'tampering', 'repudiation', 'information_disclosure', 'denial_of_service', 'elevation_of_privilege']),
    mitigation: shortText,
  })).max(20),
  cweIds: z.array(z.string().min(1).max(20)).max(30).describe('CWE ids of the weaknesses found, e.g. "CWE-732".'),
});

export const securitySpec: OperationSpec = {
  operation: 'optimization_analysis',
  promptVersion: 'security@1',
  schema: securityAnalysisSchema,
  system: findingsSystemPrompt(`Your task: review the security of the architecture, templates or code in the material. Look for IAM policies broader than needed (wildcard actions or resources), unauthenticated APIs, missing encryption at rest or in transit, public S3 buckets, secrets in code, templates or environment variables, injection (SQL, NoSQL, command), missing input validation, verbose errors, missing logging and auditing (CloudTrail, access logs), missing WAF or throttling on public endpoints, insecure CORS, outdated runtimes, and personal data handled without protection. Model the main threats with STRIDE. Tag findings with CWE ids where one applies. Severity critical means exploitable now with serious impact.`),
};
