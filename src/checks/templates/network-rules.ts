import type { Finding } from '../../domain/validation-result.js';
import type { TemplateContext } from './template-rule.js';
import { templateFinding } from './template-rule.js';
import type { TemplateResource, TNode } from './template-tree.js';
import { get, isTrue, items, keyPos, text } from './template-tree.js';

const OPEN_INGRESS = {
  ruleId: 'network/open-ingress', cwe: 'CWE-284', severity: 'error' as const,
  message: 'Security group lets the whole internet (0.0.0.0/0 or ::/0) reach ports other than HTTP/HTTPS.',
  fix: 'Allow only the load balancer\'s or the VPC\'s security group or CIDR (SourceSecurityGroupId), reach instances through SSM Session Manager instead of open SSH/RDP, and keep databases in private subnets.',
};
const PUBLIC_DATABASE = {
  ruleId: 'rds/publicly-accessible', cwe: 'CWE-284', severity: 'error' as const,
  message: 'Database is publicly accessible (PubliclyAccessible: true).',
  fix: 'Set PubliclyAccessible: false, place it in private subnets (DBSubnetGroupName) and allow only the application\'s security group.',
};

const WEB_PORTS = new Set([80, 443]);

function ingressRules(resource: TemplateResource): TNode[] {
  if (resource.type === 'AWS::EC2::SecurityGroup') return items(get(resource.properties, 'SecurityGroupIngress'));
  if (resource.type === 'AWS::EC2::SecurityGroupIngress' && resource.properties) return [resource.properties];
  return [];
}

function fromWholeInternet(rule: TNode): boolean {
  return text(get(rule, 'CidrIp')) === '0.0.0.0/0' || text(get(rule, 'CidrIpv6')) === '::/0';
}

/** Whether the rule opens only port 80 or 443 (a public web endpoint); every protocol or a range is more. */
function onlyWebPort(rule: TNode): boolean {
  const protocol = text(get(rule, 'IpProtocol'))?.toLowerCase();
  if (protocol !== 'tcp' && protocol !== '6') return false;
  const from = Number(text(get(rule, 'FromPort')));
  const to = Number(text(get(rule, 'ToPort')));
  return from === to && WEB_PORTS.has(from);
}

/** CWE-284: security groups open to the internet beyond HTTP/HTTPS, and publicly accessible databases. */
export function networkExposure(ctx: TemplateContext): Finding[] {
  return ctx.resources.flatMap((resource): Finding[] => {
    if ((resource.type === 'AWS::RDS::DBInstance' || resource.type === 'AWS::RDS::DBCluster') && isTrue(get(resource.properties, 'PubliclyAccessible'))) {
      return [templateFinding(ctx, keyPos(resource.properties, 'PubliclyAccessible') ?? resource.pos, PUBLIC_DATABASE)];
    }
    return ingressRules(resource)
      .filter((rule) => fromWholeInternet(rule) && !onlyWebPort(rule))
      .map((rule) => templateFinding(ctx, keyPos(rule, 'CidrIp') ?? keyPos(rule, 'CidrIpv6') ?? rule.pos, OPEN_INGRESS));
  });
}
