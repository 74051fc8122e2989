import type { Issue } from './issue.js';
import { asRecord, get, type TemplateResource } from './template-scan.js';

const round2 = (value: number): number => Math.round(value * 100) / 100;
const DEPRECATED_RUNTIMES = /^(python3\.[0-8]|python2|nodejs(1[0-6]|[0-9])\.x|java8|go1\.x|ruby2|dotnetcore)/;
const SECRET_NAME = /(secret|password|passwd|token|api[_-]?key|private[_-]?key)/i;

/** A rough list-price monthly cost of a resource at modest traffic (the simulated model's baseline). */
export function baselineMonthlyUsd(resource: TemplateResource): number {
  switch (resource.type) {
    case 'AWS::Serverless::Function':
    case 'AWS::Lambda::Function': return round2(0.2 + 1_000_000 * 0.2 * (Number(resource.properties.MemorySize ?? 128) / 1024) * 0.0000166667);
    case 'AWS::EC2::NatGateway': return 32.85 + 4.5;
    case 'AWS::RDS::DBInstance': return /large|xlarge/.test(String(resource.properties.DBInstanceClass ?? '')) ? 140 : 50;
    case 'AWS::EC2::Instance': return /large|xlarge/.test(String(resource.properties.InstanceType ?? '')) ? 70 : 30;
    case 'AWS::DynamoDB::Table': return resource.properties.BillingMode === 'PAY_PER_REQUEST' ? 2.5 : 0.47 * Number(get(resource.properties, 'ProvisionedThroughput', 'WriteCapacityUnits') ?? 5) + 0.09 * Number(get(resource.properties, 'ProvisionedThroughput', 'ReadCapacityUnits') ?? 5);
    case 'AWS::Serverless::Api':
    case 'AWS::ApiGateway::RestApi': return 3.5;
    case 'AWS::S3::Bucket': return 2.3;
    default: return 0;
  }
}

function functionIssues(r: TemplateResource): Issue[] {
  const p = r.properties;
  const issues: Issue[] = [];
  const architectures = Array.isArray(p.Architectures) ? p.Architectures.map(String) : [];
  if (!architectures.includes('arm64')) {
    issues.push({ category: 'cost', severity: 'low', resource: r.name, title: `Run ${r.name} on arm64`, detail: 'The function runs on x86_64.', fix: 'Set Architectures: [arm64]; Graviton costs about 20% less per GB-second for the same code.', effort: 'low', monthlySavingsUsd: round2(baselineMonthlyUsd(r) * 0.2) });
  }
  const memory = Number(p.MemorySize ?? 128);
  if (memory >= 1024) {
    issues.push({ category: 'cost', severity: 'medium', resource: r.name, title: `Right-size the memory of ${r.name}`, detail: `MemorySize is ${memory} MB.`, fix: 'Measure with AWS Lambda Power Tuning and lower MemorySize to the smallest setting that meets the latency target.', effort: 'low', monthlySavingsUsd: round2(baselineMonthlyUsd(r) * 0.4) });
  }
  const timeout = Number(p.Timeout ?? 3);
  if (timeout > 60) {
    issues.push({ category: 'performance', severity: 'medium', resource: r.name, title: `Shorten the timeout of ${r.name}`, detail: `Timeout is ${timeout} s; callers behind API Gateway give up after 29 s.`, fix: 'Keep synchronous functions under 29 s and move long work to a queue or Step Functions.', effort: 'medium' });
  }
  if (typeof p.Runtime === 'string' && DEPRECATED_RUNTIMES.test(p.Runtime)) {
    issues.push({ category: 'security', severity: 'high', resource: r.name, title: `Upgrade the runtime of ${r.name}`, detail: `Runtime ${p.Runtime} no longer receives security patches.`, fix: 'Move to a supported runtime (python3.12 or nodejs20.x) and re-run the tests.', effort: 'medium', cwe: 'CWE-1104', stride: 'elevation_of_privilege' });
  }
  if (!p.Tracing) {
    issues.push({ category: 'maintenance', severity: 'low', resource: r.name, title: `Enable tracing for ${r.name}`, detail: 'X-Ray tracing is off.', fix: 'Set Tracing: Active (or in Globals) to see latency across services.', effort: 'low' });
  }
  for (const [name, value] of Object.entries(asRecord(get(p, 'Environment', 'Variables')))) {
    if (SECRET_NAME.test(name) && typeof value === 'string' && value.length > 0) {
      issues.push({ category: 'security', severity: 'critical', resource: r.name, title: `Move ${name} out of the template`, detail: `Environment variable ${name} holds a literal secret.`, fix: 'Store the value in AWS Secrets Manager and pass only its name; read it at run time.', effort: 'low', cwe: 'CWE-798', stride: 'information_disclosure' });
    }
  }
  issues.push(...wildcardPolicyIssues(r, p.Policies));
  return issues;
}

function wildcardPolicyIssues(r: TemplateResource, policies: unknown): Issue[] {
  const text = JSON.stringify(policies ?? null);
  if (!/"Action":\s*"(\*|[a-z0-9-]+:\*)"|"Resource":\s*"\*"|FullAccess/.test(text)) return [];
  return [{ category: 'security', severity: 'high', resource: r.name, title: `Narrow the IAM permissions of ${r.name}`, detail: 'A policy grants wildcard actions or resources (or a FullAccess managed policy).', fix: 'Use SAM policy templates scoped with !Ref, or explicit actions on the ARNs the function needs.', effort: 'low', cwe: 'CWE-732', stride: 'elevation_of_privilege' }];
}

function tableIssues(r: TemplateResource): Issue[] {
  const p = r.properties;
  const issues: Issue[] = [];
  if (p.BillingMode !== 'PAY_PER_REQUEST') {
    issues.push({ category: 'cost', severity: 'medium', resource: r.name, title: `Review the capacity mode of ${r.name}`, detail: 'The table uses provisioned capacity without auto scaling in the template.', fix: 'Use on-demand (PAY_PER_REQUEST) for spiky or low traffic, or add auto scaling to provisioned capacity.', effort: 'low', monthlySavingsUsd: round2(baselineMonthlyUsd(r) * 0.3) });
  }
  if (get(p, 'SSESpecification', 'SSEEnabled') !== true) {
    issues.push({ category: 'security', severity: 'medium', resource: r.name, title: `Encrypt ${r.name} with a KMS key`, detail: 'SSESpecification.SSEEnabled is not set.', fix: 'Set SSESpecification: {SSEEnabled: true} (with a customer-managed key for regulated data).', effort: 'low', cwe: 'CWE-311', stride: 'information_disclosure' });
  }
  if (get(p, 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled') !== true) {
    issues.push({ category: 'compliance', severity: 'medium', resource: r.name, title: `Turn on point-in-time recovery for ${r.name}`, detail: 'Point-in-time recovery is off: a bad write or delete cannot be undone.', fix: 'Set PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}.', effort: 'low' });
  }
  return issues;
}

function bucketIssues(r: TemplateResource): Issue[] {
  const p = r.properties;
  const issues: Issue[] = [];
  if (!p.BucketEncryption) issues.push({ category: 'security', severity: 'medium', resource: r.name, title: `Declare default encryption for ${r.name}`, detail: 'No BucketEncryption.', fix: 'Add BucketEncryption with SSE-KMS (or SSE-S3 at least).', effort: 'low', cwe: 'CWE-311', stride: 'information_disclosure' });
  if (!p.PublicAccessBlockConfiguration) issues.push({ category: 'security', severity: 'high', resource: r.name, title: `Block public access to ${r.name}`, detail: 'No PublicAccessBlockConfiguration.', fix: 'Set all four public access block flags to true.', effort: 'low', cwe: 'CWE-284', stride: 'information_disclosure' });
  if (!p.LifecycleConfiguration) issues.push({ category: 'cost', severity: 'low', resource: r.name, title: `Add lifecycle rules to ${r.name}`, detail: 'Objects stay in S3 Standard forever.', fix: 'Transition old objects to Standard-IA or Glacier and expire what is no longer needed.', effort: 'low', monthlySavingsUsd: round2(baselineMonthlyUsd(r) * 0.4) });
  return issues;
}

function apiIssues(r: TemplateResource): Issue[] {
  const p = r.properties;
  const issues: Issue[] = [];
  if (!get(p, 'Auth', 'DefaultAuthorizer') && r.type !== 'AWS::ApiGateway::RestApi') {
    issues.push({ category: 'security', severity: 'critical', resource: r.name, title: `Require authentication on ${r.name}`, detail: 'The API has no default authorizer.', fix: 'Add a Cognito or Lambda authorizer as DefaultAuthorizer; mark only health checks as public.', effort: 'medium', cwe: 'CWE-306', stride: 'spoofing' });
  }
  if (!p.AccessLogSetting && !get(p, 'StageSettings', 'AccessLogSetting')) {
    issues.push({ category: 'compliance', severity: 'medium', resource: r.name, title: `Turn on access logs for ${r.name}`, detail: 'API requests are not logged.', fix: 'Set AccessLogSetting with a log group that has a retention period.', effort: 'low', stride: 'repudiation' });
  }
  if (r.type === 'AWS::Serverless::Api' || r.type === 'AWS::ApiGateway::RestApi') {
    issues.push({ category: 'cost', severity: 'low', resource: r.name, title: `Consider an HTTP API for ${r.name}`, detail: 'REST APIs cost $3.50 per million requests; HTTP APIs $1.00.', fix: 'Move to AWS::Serverless::HttpApi unless REST-only features (usage plans, request validation, WAF) are needed.', effort: 'medium', monthlySavingsUsd: 2.5 });
  }
  return issues;
}

/** Every issue the simulated model sees in the template's resources. */
export function resourceIssues(resources: TemplateResource[]): Issue[] {
  const issues: Issue[] = [];
  for (const r of resources) {
    if (r.type === 'AWS::Serverless::Function' || r.type === 'AWS::Lambda::Function') issues.push(...functionIssues(r));
    else if (r.type === 'AWS::DynamoDB::Table') issues.push(...tableIssues(r));
    else if (r.type === 'AWS::S3::Bucket') issues.push(...bucketIssues(r));
    else if (r.type === 'AWS::Serverless::Api' || r.type === 'AWS::Serverless::HttpApi' || r.type === 'AWS::ApiGateway::RestApi') issues.push(...apiIssues(r));
    else if (r.type === 'AWS::EC2::NatGateway') issues.push({ category: 'cost', severity: 'medium', resource: r.name, title: `Replace traffic through ${r.name} with VPC endpoints`, detail: 'A NAT gateway costs about $33 a month plus $0.045 per GB.', fix: 'Add gateway endpoints for S3 and DynamoDB and interface endpoints for other AWS services the functions call.', effort: 'medium', monthlySavingsUsd: 20 });
    else if (r.type === 'AWS::SQS::Queue' && !r.properties.RedrivePolicy && !/dlq|dead/i.test(r.name)) issues.push({ category: 'architecture', severity: 'medium', resource: r.name, title: `Give ${r.name} a dead-letter queue`, detail: 'Messages that keep failing are retried until they expire.', fix: 'Add a RedrivePolicy with a dead-letter queue and alarm on its depth.', effort: 'low' });
    else if (r.type === 'AWS::RDS::DBInstance' && r.properties.StorageEncrypted !== true) issues.push({ category: 'security', severity: 'high', resource: r.name, title: `Encrypt the storage of ${r.name}`, detail: 'StorageEncrypted is not true.', fix: 'Create an encrypted instance (snapshot, copy with encryption, restore).', effort: 'high', cwe: 'CWE-311', stride: 'information_disclosure' });
    else if (r.type === 'AWS::IAM::Role' || r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy') issues.push(...wildcardPolicyIssues(r, r.properties));
    else if (r.type === 'AWS::Logs::LogGroup' && r.properties.RetentionInDays === undefined) issues.push({ category: 'cost', severity: 'low', resource: r.name, title: `Set a retention period on ${r.name}`, detail: 'Logs are kept forever.', fix: 'Set RetentionInDays (e.g. 30, or what compliance requires).', effort: 'low', monthlySavingsUsd: 1 });
  }
  const hasFunctions = resources.some((r) => r.type.endsWith('::Function'));
  if (hasFunctions && !resources.some((r) => r.type === 'AWS::Logs::LogGroup')) {
    issues.push({ category: 'cost', severity: 'low', resource: 'Log groups', title: 'Declare log groups with a retention period', detail: 'Lambda creates its log groups without retention, so logs are kept forever.', fix: 'Declare an AWS::Logs::LogGroup per function with RetentionInDays.', effort: 'low', monthlySavingsUsd: 1 });
  }
  if (hasFunctions && !resources.some((r) => r.type === 'AWS::CloudWatch::Alarm')) {
    issues.push({ category: 'maintenance', severity: 'medium', resource: 'Alarms', title: 'Add alarms for errors and throttles', detail: 'The template defines no CloudWatch alarms.', fix: 'Alarm on function errors, throttles, API 5xx rate and queue age, routed to the owning team.', effort: 'low' });
  }
  return issues;
}
