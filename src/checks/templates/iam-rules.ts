import type { Finding } from '../../domain/validation-result.js';
import type { TemplateContext } from './template-rule.js';
import { templateFinding } from './template-rule.js';
import type { TNode } from './template-tree.js';
import { entries, get, items, keyPos, text } from './template-tree.js';

const READ_ACTION = /^[\w-]+:(Get|List|Describe|BatchGet|Query|Scan|Head|Select|Lookup|Search|Check|View|Read|Filter|Test)/;
/** Actions AWS only grants on `Resource: "*"`. */
const STAR_ONLY = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'cloudwatch:PutMetricData', 'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses']);
const BROAD_MANAGED = /(^|\/)(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]+FullAccess)$/;

const ACTION_WILDCARD = {
  ruleId: 'iam/wildcard-action', cwe: 'CWE-732', severity: 'error' as const,
  message: 'IAM statement allows every action (`*` or `service:*`).',
  fix: 'List only the actions the function calls (e.g. dynamodb:GetItem, dynamodb:PutItem), or use a SAM policy template such as DynamoDBCrudPolicy.',
};
const RESOURCE_WILDCARD = {
  ruleId: 'iam/wildcard-resource', cwe: 'CWE-732', severity: 'error' as const,
  message: 'IAM statement allows write actions on every resource (`Resource: "*"`).',
  fix: 'Scope Resource to the ARNs the function needs, with !GetAtt Table.Arn, !Ref or !Sub "arn:${AWS::Partition}:…".',
};
const NOT_ACTION = { ...ACTION_WILDCARD, ruleId: 'iam/allow-not-action', message: 'IAM statement uses Allow with NotAction, which grants every other action.' };
const MANAGED = { ...ACTION_WILDCARD, ruleId: 'iam/broad-managed-policy', message: 'A broad AWS managed policy (full access) is attached.', fix: 'Replace it with a least-privilege inline policy or a SAM policy template scoped to one resource.' };
const TEMPLATE_STAR = { ...RESOURCE_WILDCARD, ruleId: 'iam/policy-template-wildcard', message: 'A SAM policy template is scoped to every resource ("*").', fix: 'Pass the resource name with !Ref (e.g. TableName: !Ref OrdersTable).' };

function checkStatement(ctx: TemplateContext, statement: TNode): Finding[] {
  if (text(get(statement, 'Effect')) === 'Deny') return [];
  const notAction = get(statement, 'NotAction');
  if (notAction) return [templateFinding(ctx, keyPos(statement, 'NotAction') ?? notAction.pos, NOT_ACTION)];
  const actionNode = get(statement, 'Action');
  const actions = items(actionNode).map(text).filter((a): a is string => a !== undefined);
  const wildcard = actions.find((a) => a === '*' || /^[\w-]+:\*$/.test(a));
  if (wildcard && actionNode) return [templateFinding(ctx, keyPos(statement, 'Action') ?? actionNode.pos, ACTION_WILDCARD)];
  const resourceNode = get(statement, 'Resource');
  const allResources = items(resourceNode).some((r) => text(r) === '*');
  const writes = actions.filter((a) => !READ_ACTION.test(a) && !STAR_ONLY.has(a));
  if (allResources && writes.length > 0 && resourceNode) return [templateFinding(ctx, keyPos(statement, 'Resource') ?? resourceNode.pos, RESOURCE_WILDCARD)];
  return [];
}

function checkDocument(ctx: TemplateContext, document: TNode | undefined): Finding[] {
  return items(get(document, 'Statement')).flatMap((s) => checkStatement(ctx, s));
}

function checkManaged(ctx: TemplateContext, node: TNode): Finding[] {
  const name = text(node) ?? (node.kind === 'intrinsic' && node.fn === 'Fn::Sub' ? text(node.arg) : undefined);
  return name && BROAD_MANAGED.test(name) ? [templateFinding(ctx, node.pos, MANAGED)] : [];
}

/** SAM `Policies:` — managed policy names, inline documents, and policy templates (understood, not flagged). */
function checkSamPolicies(ctx: TemplateContext, policies: TNode | undefined): Finding[] {
  return items(policies).flatMap((policy): Finding[] => {
    if (policy.kind === 'scalar' || policy.kind === 'intrinsic') return checkManaged(ctx, policy);
    if (get(policy, 'Statement')) return checkDocument(ctx, policy);
    return entries(policy).flatMap((template) =>
      entries(template.value).some((parameter) => text(parameter.value) === '*') ? [templateFinding(ctx, template.pos, TEMPLATE_STAR)] : []);
  });
}

/** CWE-732: wildcard actions, write actions on `*`, Allow+NotAction, full-access managed policies. */
export function iamWildcards(ctx: TemplateContext): Finding[] {
  return ctx.resources.flatMap((resource): Finding[] => {
    const props = resource.properties;
    switch (resource.type) {
      case 'AWS::IAM::Role':
      case 'AWS::IAM::User':
      case 'AWS::IAM::Group':
        return [
          ...items(get(props, 'Policies')).flatMap((p) => checkDocument(ctx, get(p, 'PolicyDocument'))),
          ...items(get(props, 'ManagedPolicyArns')).flatMap((arn) => checkManaged(ctx, arn)),
        ];
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
        return checkDocument(ctx, get(props, 'PolicyDocument'));
      case 'AWS::Serverless::Function':
      case 'AWS::Serverless::StateMachine':
        return checkSamPolicies(ctx, get(props, 'Policies'));
      default:
        return [];
    }
  });
}
