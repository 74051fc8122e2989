import type { Issue } from './issue.js';

/** A practice the simulated reviewer looks for in a text description of an architecture. */
export interface Practice {
  key: string;
  label: string;
  found: RegExp;
  dimensions: Array<'scalability' | 'performance' | 'security' | 'maintainability' | 'costEfficiency'>;
  /** The issue when the material does not show the practice. */
  missing: Omit<Issue, 'resource'>;
}

export const PRACTICES: Practice[] = [
  { key: 'auth', label: 'Authenticated APIs', found: /authori[sz]|authenticat|cognito|oauth|jwt|api[- ]key|iam auth/i, dimensions: ['security'],
    missing: { category: 'security', severity: 'critical', title: 'Authenticate every API', detail: 'The material does not say how callers are authenticated.', fix: 'Put a Cognito or Lambda authorizer on every route; keep only health checks public.', effort: 'medium', cwe: 'CWE-306', stride: 'spoofing' } },
  { key: 'encryption', label: 'Encryption at rest and in transit', found: /encrypt|kms|tls|https/i, dimensions: ['security'],
    missing: { category: 'security', severity: 'high', title: 'Encrypt data at rest and in transit', detail: 'Encryption is not mentioned.', fix: 'Enable KMS encryption on tables, buckets and queues; enforce TLS on every endpoint.', effort: 'low', cwe: 'CWE-311', stride: 'information_disclosure' } },
  { key: 'least-privilege', label: 'Least-privilege IAM', found: /least[- ]privilege|scoped (iam|role|polic)|iam role per/i, dimensions: ['security'],
    missing: { category: 'security', severity: 'medium', title: 'Give each function its own least-privilege role', detail: 'IAM scoping is not described.', fix: 'One role per function with only the actions and resources it uses (SAM policy templates).', effort: 'low', cwe: 'CWE-732', stride: 'elevation_of_privilege' } },
  { key: 'throttling', label: 'Throttling and WAF on public endpoints', found: /throttl|rate[- ]limit|waf|usage plan/i, dimensions: ['security', 'scalability'],
    missing: { category: 'security', severity: 'medium', title: 'Throttle public endpoints', detail: 'Nothing limits the request rate of clients.', fix: 'Set API Gateway throttling per stage and route, and AWS WAF rate rules for public APIs.', effort: 'low', stride: 'denial_of_service' } },
  { key: 'async', label: 'Asynchronous, event-driven integration', found: /queue|sqs|eventbridge|\bsns\b|kafka|kinesis|event[- ]driven|asynchron/i, dimensions: ['scalability', 'performance'],
    missing: { category: 'architecture', severity: 'medium', title: 'Decouple services with events and queues', detail: 'Services appear to call each other synchronously.', fix: 'Publish domain events on EventBridge and consume them through SQS queues, so one slow service does not stall the others.', effort: 'medium' } },
  { key: 'dlq', label: 'Dead-letter queues', found: /dead[- ]letter|\bdlq\b|redrive/i, dimensions: ['maintainability'],
    missing: { category: 'architecture', severity: 'high', title: 'Add dead-letter queues and retries', detail: 'Failed messages and events have nowhere to go.', fix: 'Give every queue and asynchronous invocation a dead-letter queue with an alarm on its depth; make consumers idempotent.', effort: 'low' } },
  { key: 'caching', label: 'Caching of hot reads', found: /cach|\bcdn\b|cloudfront|elasticache|redis|\bdax\b/i, dimensions: ['performance', 'costEfficiency'],
    missing: { category: 'performance', severity: 'low', title: 'Cache hot reads', detail: 'No caching layer is described.', fix: 'Cache read-heavy endpoints at API Gateway or CloudFront, or with DAX/ElastiCache for hot keys.', effort: 'medium' } },
  { key: 'monitoring', label: 'Monitoring and alarms', found: /monitor|alarm|cloudwatch|metric|observab|datadog|prometheus|grafana/i, dimensions: ['maintainability'],
    missing: { category: 'maintenance', severity: 'high', title: 'Define monitoring and alarms', detail: 'The material does not describe monitoring.', fix: 'Alarm on error rate, p99 latency, throttles and queue age per service; dashboards per service.', effort: 'low', stride: 'repudiation' } },
  { key: 'tracing', label: 'Distributed tracing', found: /x-ray|tracing|opentelemetry|\btrace/i, dimensions: ['maintainability', 'performance'],
    missing: { category: 'maintenance', severity: 'low', title: 'Trace requests across services', detail: 'No tracing is described.', fix: 'Enable X-Ray (or OpenTelemetry) on API Gateway and Lambda.', effort: 'low' } },
  { key: 'backups', label: 'Backups and point-in-time recovery', found: /backup|point[- ]in[- ]time|\bpitr\b|snapshot/i, dimensions: ['maintainability'],
    missing: { category: 'compliance', severity: 'medium', title: 'Back up the data stores', detail: 'Backups are not mentioned.', fix: 'Enable point-in-time recovery on DynamoDB tables and AWS Backup plans with tested restores.', effort: 'low' } },
  { key: 'availability', label: 'High availability', found: /multi[- ]az|multi[- ]region|high availability|failover|redundan|serverless|lambda|dynamodb/i, dimensions: ['scalability'],
    missing: { category: 'architecture', severity: 'high', title: 'Remove single points of failure', detail: 'Components run in one place with no failover.', fix: 'Use managed multi-AZ services (Lambda, DynamoDB, Aurora Multi-AZ) or run instances in an Auto Scaling group across zones.', effort: 'high' } },
  { key: 'elastic', label: 'Elastic, pay-per-use compute', found: /serverless|lambda|fargate|auto[- ]?scal|on[- ]demand/i, dimensions: ['scalability', 'costEfficiency'],
    missing: { category: 'cost', severity: 'medium', title: 'Scale compute with demand', detail: 'Compute is provisioned for peak.', fix: 'Move request handling to Lambda or Fargate with auto scaling so that idle capacity is not paid for.', effort: 'high' } },
  { key: 'iac', label: 'Infrastructure as code', found: /cloudformation|\bsam\b|terraform|\bcdk\b|infrastructure as code|pulumi/i, dimensions: ['maintainability'],
    missing: { category: 'deployment', severity: 'medium', title: 'Describe the infrastructure as code', detail: 'No infrastructure-as-code tool is named.', fix: 'Define every environment with AWS SAM or CDK, reviewed and deployed by the pipeline.', effort: 'medium' } },
  { key: 'cicd', label: 'Automated CI/CD with safe rollout', found: /ci\/cd|pipeline|github actions|codepipeline|canary|blue\/green|continuous (delivery|deployment)/i, dimensions: ['maintainability'],
    missing: { category: 'deployment', severity: 'medium', title: 'Automate deployments with a gradual rollout', detail: 'No pipeline or rollout strategy is described.', fix: 'Test, build and deploy through a pipeline; canary deployments with automatic rollback on alarms.', effort: 'medium' } },
];

export function practicesFound(text: string): { followed: Practice[]; missing: Practice[] } {
  const followed = PRACTICES.filter((practice) => practice.found.test(text));
  return { followed, missing: PRACTICES.filter((practice) => !followed.includes(practice)) };
}

export function issuesForMissing(missing: Practice[], resource: string): Issue[] {
  return missing.map((practice) => ({ ...practice.missing, resource }));
}
