import type { Finding } from '../../domain/validation-result.js';
import type { TemplateContext } from './template-rule.js';
import { templateFinding } from './template-rule.js';
import type { TemplateResource, TNode } from './template-tree.js';
import { entries, get, isTrue, keyPos, text } from './template-tree.js';

const NO_AUTH = {
  ruleId: 'api/no-authorizer', cwe: 'CWE-306', severity: 'error' as const,
  message: 'API route has no authorizer: anyone on the internet can call it.',
  fix: 'Set Auth.DefaultAuthorizer on the API (Cognito, JWT, Lambda or AWS_IAM) or Auth.Authorizer on the event.',
};
/** A warning, not an error: a deliberate public route (health check, docs) is fine, but a reviewer wants the list. */
const EXPLICIT_NONE = { ...NO_AUTH, severity: 'warning' as const, message: 'API route opts out of the authorizer (Authorizer: NONE).', fix: 'Keep public only what must be public (health checks); give every other route an authorizer.' };
const OPEN_URL = { ...NO_AUTH, ruleId: 'lambda/public-function-url', message: 'Lambda function URL with AuthType NONE is callable by anyone.', fix: 'Use AuthType: AWS_IAM, or put the function behind an API with an authorizer.' };

function refName(node: TNode | undefined): string | undefined {
  if (node?.kind === 'intrinsic' && node.fn === 'Ref') return text(node.arg);
  return text(node);
}

function hasAuth(auth: TNode | undefined, key: 'Authorizer' | 'DefaultAuthorizer'): 'yes' | 'none' | 'absent' {
  const authorizer = get(auth, key);
  if (isTrue(get(auth, 'ApiKeyRequired'))) return 'yes';
  if (!authorizer) return 'absent';
  return text(authorizer) === 'NONE' ? 'none' : 'yes';
}

function functionRoutes(ctx: TemplateContext, fn: TemplateResource, apis: Map<string, TemplateResource>): Finding[] {
  const findings: Finding[] = [];
  for (const event of entries(get(fn.properties, 'Events'))) {
    const type = text(get(event.value, 'Type'));
    if (type !== 'Api' && type !== 'HttpApi') continue;
    const props = get(event.value, 'Properties');
    if ((text(get(props, 'Method')) ?? '').toUpperCase() === 'OPTIONS') continue;
    const own = hasAuth(get(props, 'Auth'), 'Authorizer');
    if (own === 'yes') continue;
    if (own === 'none') {
      findings.push(templateFinding(ctx, event.pos, EXPLICIT_NONE));
      continue;
    }
    const apiName = refName(get(props, type === 'Api' ? 'RestApiId' : 'ApiId'));
    const api = apiName ? apis.get(apiName) : undefined;
    const apiAuth = api ? get(api.properties, 'Auth') : get(ctx.root, 'Globals', type, 'Auth');
    if (hasAuth(apiAuth, 'DefaultAuthorizer') !== 'yes') findings.push(templateFinding(ctx, event.pos, NO_AUTH));
  }
  const urlConfig = get(fn.properties, 'FunctionUrlConfig');
  if (text(get(urlConfig, 'AuthType')) === 'NONE') findings.push(templateFinding(ctx, keyPos(urlConfig, 'AuthType') ?? fn.pos, OPEN_URL));
  return findings;
}

/** CWE-306: API routes and function URLs that anyone can call. */
export function missingAuthorizer(ctx: TemplateContext): Finding[] {
  const apis = new Map(ctx.resources.filter((r) => r.type === 'AWS::Serverless::Api' || r.type === 'AWS::Serverless::HttpApi').map((r) => [r.name, r]));
  return ctx.resources.flatMap((resource): Finding[] => {
    const props = resource.properties;
    switch (resource.type) {
      case 'AWS::Serverless::Function':
        return functionRoutes(ctx, resource, apis);
      case 'AWS::ApiGateway::Method': {
        const type = text(get(props, 'AuthorizationType')) ?? 'NONE';
        const method = (text(get(props, 'HttpMethod')) ?? '').toUpperCase();
        return type === 'NONE' && method !== 'OPTIONS' && !isTrue(get(props, 'ApiKeyRequired')) ? [templateFinding(ctx, resource.pos, NO_AUTH)] : [];
      }
      case 'AWS::ApiGatewayV2::Route': {
        const type = text(get(props, 'AuthorizationType')) ?? 'NONE';
        return type === 'NONE' && !(text(get(props, 'RouteKey')) ?? '').startsWith('OPTIONS') ? [templateFinding(ctx, resource.pos, NO_AUTH)] : [];
      }
      case 'AWS::Lambda::Url':
        return text(get(props, 'AuthType')) === 'NONE' ? [templateFinding(ctx, resource.pos, OPEN_URL)] : [];
      default:
        return [];
    }
  });
}
