import type { Finding } from '../../domain/validation-result.js';
import { findSecrets } from '../../sanitize/index.js';
import { isSecretName } from '../code/taint.js';
import { looksLikeSecretValue } from '../code/rules/credential-rules.js';
import type { TemplateContext } from './template-rule.js';
import { templateFinding } from './template-rule.js';
import type { TNode, TPos } from './template-tree.js';
import { entries, get, items, text } from './template-tree.js';

const PLAINTEXT_SECRET = {
  ruleId: 'lambda/plaintext-secret-env', cwe: 'CWE-798', severity: 'error' as const,
  message: 'Secret in plain text in Environment.Variables (visible in the console, the template and every deployment).',
  fix: 'Store it in Secrets Manager or SSM SecureString and pass its ARN/name (!Ref), or use a {{resolve:secretsmanager:…}} dynamic reference.',
};
const TLS_OFF = {
  ruleId: 'lambda/tls-verification-disabled', cwe: 'CWE-295', severity: 'error' as const,
  message: 'Environment turns TLS certificate verification off for the whole runtime.',
  fix: 'Remove the variable; to trust a private CA set NODE_EXTRA_CA_CERTS / REQUESTS_CA_BUNDLE instead.',
};

function variableFindings(ctx: TemplateContext, name: string, value: TNode, pos: TPos): Finding[] {
  const literal = value.kind === 'scalar' ? text(value) : undefined;
  if (literal === undefined || literal.startsWith('{{resolve:')) return [];
  if (/^(NODE_TLS_REJECT_UNAUTHORIZED|PYTHONHTTPSVERIFY)$/.test(name) && literal === '0') return [templateFinding(ctx, pos, TLS_OFF)];
  if (findSecrets(literal).length > 0 || (isSecretName(name) && looksLikeSecretValue(literal))) {
    return [templateFinding(ctx, pos, { ...PLAINTEXT_SECRET, message: `Secret in plain text in environment variable ${name}.` })];
  }
  return [];
}

function variablesOf(ctx: TemplateContext, environment: TNode | undefined): Finding[] {
  return entries(get(environment, 'Variables')).flatMap((v) => variableFindings(ctx, v.key, v.value, v.pos));
}

/** CWE-798 plaintext secrets (and CWE-295 TLS switches) in function environments. */
export function environmentSecrets(ctx: TemplateContext): Finding[] {
  const fromGlobals = variablesOf(ctx, get(ctx.root, 'Globals', 'Function', 'Environment'));
  const fromResources = ctx.resources.flatMap((resource): Finding[] => {
    if (resource.type === 'AWS::Serverless::Function' || resource.type === 'AWS::Lambda::Function') {
      return variablesOf(ctx, get(resource.properties, 'Environment'));
    }
    if (resource.type === 'AWS::ECS::TaskDefinition') {
      return items(get(resource.properties, 'ContainerDefinitions')).flatMap((container) =>
        items(get(container, 'Environment')).flatMap((pair) => {
          const value = get(pair, 'Value');
          return value ? variableFindings(ctx, text(get(pair, 'Name')) ?? '', value, pair.pos) : [];
        }));
    }
    return [];
  });
  return [...fromGlobals, ...fromResources];
}
