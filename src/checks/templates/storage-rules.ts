import type { Finding } from '../../domain/validation-result.js';
import type { TemplateContext } from './template-rule.js';
import { templateFinding } from './template-rule.js';
import type { TemplateResource, TNode } from './template-tree.js';
import { get, isFalse, isTrue, items, keyPos, text } from './template-tree.js';

const PUBLIC_ACLS = new Set(['PublicRead', 'PublicReadWrite', 'AuthenticatedRead']);
const BLOCK_FLAGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];
const SENSITIVE_NAME = /payment|billing|card|invoice|pii|personal|customer|patient|medical|health|ssn|credential|secret|password|bank|salary|account/i;

const PUBLIC_ACL = {
  ruleId: 's3/public-acl', cwe: 'CWE-284', severity: 'error' as const,
  message: 'S3 bucket grants public access through its ACL.',
  fix: 'Remove AccessControl (keep ObjectOwnership: BucketOwnerEnforced) and serve public content through CloudFront with origin access control.',
};
const NO_BLOCK = {
  ruleId: 's3/no-public-access-block', cwe: 'CWE-284', severity: 'warning' as const,
  message: 'S3 bucket has no complete public access block.',
  fix: 'Add PublicAccessBlockConfiguration with BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets set to true.',
};
const PUBLIC_POLICY = {
  ruleId: 's3/public-bucket-policy', cwe: 'CWE-284', severity: 'error' as const,
  message: 'Bucket policy allows anyone (Principal "*") without a condition.',
  fix: 'Grant the specific principal (a role ARN or cloudfront.amazonaws.com with an AWS:SourceArn condition) instead of "*".',
};
const S3_UNENCRYPTED = {
  ruleId: 's3/no-encryption', cwe: 'CWE-311', severity: 'warning' as const,
  message: 'S3 bucket does not declare default encryption.',
  fix: 'Add BucketEncryption with ServerSideEncryptionByDefault (SSEAlgorithm: aws:kms or AES256).',
};
const UNENCRYPTED = { ...S3_UNENCRYPTED, ruleId: 'storage/no-encryption' };

function isPublicPrincipal(principal: TNode | undefined): boolean {
  if (text(principal) === '*') return true;
  return items(get(principal, 'AWS')).some((p) => text(p) === '*');
}

function bucketFindings(ctx: TemplateContext, bucket: TemplateResource): Finding[] {
  const props = bucket.properties;
  const findings: Finding[] = [];
  const acl = get(props, 'AccessControl');
  if (acl && PUBLIC_ACLS.has(text(acl) ?? '')) findings.push(templateFinding(ctx, keyPos(props, 'AccessControl') ?? acl.pos, PUBLIC_ACL));
  const block = get(props, 'PublicAccessBlockConfiguration');
  if (!block || BLOCK_FLAGS.some((flag) => isFalse(get(block, flag)))) findings.push(templateFinding(ctx, keyPos(props, 'PublicAccessBlockConfiguration') ?? bucket.pos, NO_BLOCK));
  if (!get(props, 'BucketEncryption')) findings.push(templateFinding(ctx, bucket.pos, S3_UNENCRYPTED));
  return findings;
}

function bucketPolicyFindings(ctx: TemplateContext, policy: TemplateResource): Finding[] {
  const statements = items(get(policy.properties, 'PolicyDocument', 'Statement'));
  return statements
    .filter((s) => text(get(s, 'Effect')) !== 'Deny' && isPublicPrincipal(get(s, 'Principal')) && !get(s, 'Condition'))
    .map((s) => templateFinding(ctx, keyPos(s, 'Principal') ?? s.pos, PUBLIC_POLICY));
}

function encryptionFinding(ctx: TemplateContext, resource: TemplateResource): Finding | null {
  const props = resource.properties;
  const unencrypted = (what: string): Finding => templateFinding(ctx, resource.pos, { ...UNENCRYPTED, message: `${resource.type} "${resource.name}" ${what}.`, fix: fixFor(resource.type) });
  switch (resource.type) {
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable':
    case 'AWS::Serverless::SimpleTable':
      return isTrue(get(props, 'SSESpecification', 'SSEEnabled')) ? null : unencrypted('does not enable server-side encryption with a KMS key (SSESpecification.SSEEnabled)');
    case 'AWS::SQS::Queue': {
      if (get(props, 'KmsMasterKeyId')) return null;
      if (isFalse(get(props, 'SqsManagedSseEnabled'))) return unencrypted('has server-side encryption turned off');
      return SENSITIVE_NAME.test(`${resource.name} ${text(get(props, 'QueueName')) ?? ''}`) ? unencrypted('carries sensitive data without a KMS key') : null;
    }
    case 'AWS::SNS::Topic':
      return !get(props, 'KmsMasterKeyId') && SENSITIVE_NAME.test(`${resource.name} ${text(get(props, 'TopicName')) ?? ''}`) ? unencrypted('carries sensitive data without a KMS key') : null;
    case 'AWS::RDS::DBInstance':
    case 'AWS::RDS::DBCluster':
      return isTrue(get(props, 'StorageEncrypted')) || get(props, 'SourceDBInstanceIdentifier') ? null : unencrypted('does not set StorageEncrypted: true');
    case 'AWS::EFS::FileSystem':
      return isTrue(get(props, 'Encrypted')) ? null : unencrypted('does not set Encrypted: true');
    default:
      return null;
  }
}

function fixFor(type: string): string {
  if (type.includes('DynamoDB') || type.includes('SimpleTable')) return 'Add SSESpecification: { SSEEnabled: true } (optionally with a customer managed KMSMasterKeyId).';
  if (type.includes('SQS') || type.includes('SNS')) return 'Set KmsMasterKeyId (alias/aws/sqs, alias/aws/sns or a customer managed key).';
  return 'Turn on encryption at rest (StorageEncrypted / Encrypted: true, with a KmsKeyId where required).';
}

/** CWE-284 (public S3) and CWE-311 (storage without encryption at rest). */
export function storageExposure(ctx: TemplateContext): Finding[] {
  return ctx.resources.flatMap((resource): Finding[] => {
    if (resource.type === 'AWS::S3::Bucket') return bucketFindings(ctx, resource);
    if (resource.type === 'AWS::S3::BucketPolicy') return bucketPolicyFindings(ctx, resource);
    const finding = encryptionFinding(ctx, resource);
    return finding ? [finding] : [];
  });
}
