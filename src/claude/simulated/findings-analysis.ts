import type { Recommendation } from '../../domain/recommendation.js';
import { byPriority, recommendationOf, type Issue } from './issue.js';
import { truncate } from './naming.js';
import { issuesForMissing, practicesFound } from './practices.js';
import type { Material } from './read-material.js';
import { baselineMonthlyUsd, resourceIssues } from './resource-checks.js';
import { templateResources, type TemplateResource } from './template-scan.js';

export type FindingsType = 'optimization' | 'cost' | 'performance' | 'security' | 'compliance';

const CATEGORIES: Record<FindingsType, ReadonlyArray<Recommendation['category']>> = {
  optimization: ['cost', 'performance', 'architecture', 'maintenance', 'security', 'compliance', 'deployment'],
  cost: ['cost'],
  performance: ['performance', 'architecture'],
  security: ['security'],
  compliance: ['compliance', 'security', 'maintenance'],
};

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** The issues of the material relevant to an analysis type, most important first. */
function issuesFor(type: FindingsType, material: Material, resources: TemplateResource[]): Issue[] {
  const subject = material.headings[0] ? truncate(material.headings[0], 80) : 'the material';
  const found = resources.length > 0 ? resourceIssues(resources) : issuesForMissing(practicesFound(material.text).missing, subject);
  return found.filter((issue) => CATEGORIES[type].includes(issue.category)).sort(byPriority).slice(0, 25);
}

/** The fields every findings-style analysis shares. */
function baseOf(type: FindingsType, material: Material, resources: TemplateResource[], issues: Issue[]) {
  const savings = round2(issues.reduce((sum, issue) => sum + (issue.monthlySavingsUsd ?? 0), 0));
  const scope = resources.length > 0 ? `${resources.length} resources of the template (${[...new Set(resources.map((r) => r.type.split('::').pop()))].slice(0, 5).join(', ')})` : 'the description';
  return {
    summary: truncate(`Simulated ${type} analysis of ${scope}: ${issues.length} finding${issues.length === 1 ? '' : 's'}${issues.length > 0 ? `, the most important: ${issues[0]?.title}` : ''}.${savings > 0 ? ` Estimated savings about $${savings} a month.` : ''}`, 4000),
    findings: issues.slice(0, 30).map((issue) => ({ title: issue.title.slice(0, 200), resource: issue.resource.slice(0, 200), severity: issue.severity, detail: issue.detail.slice(0, 2000) })),
    recommendations: issues.map(recommendationOf),
    estimatedMonthlySavingsUsd: savings,
    confidence: resources.length > 0 ? 0.75 : Math.round(Math.min(0.7, 0.35 + material.text.length / 10_000) * 100) / 100,
  };
}

export function simulateFindingsAnalysis(type: FindingsType, material: Material): Record<string, unknown> {
  const resources = templateResources(material);
  const issues = issuesFor(type, material, resources);
  const base = baseOf(type, material, resources, issues);
  const current = resources.length > 0 ? round2(resources.reduce((sum, r) => sum + baselineMonthlyUsd(r), 0)) : null;
  switch (type) {
    case 'optimization':
      return { ...base, currentMonthlyCostUsd: current, quickWins: issues.filter((i) => i.effort === 'low').slice(0, 10).map((i) => i.title) };
    case 'cost':
      return {
        ...base,
        currentMonthlyCostUsd: current,
        optimizedMonthlyCostUsd: current === null ? null : round2(Math.max(0, current - base.estimatedMonthlySavingsUsd)),
        costDrivers: resources.map((r) => ({ item: `${r.name} (${r.type})`.slice(0, 120), monthlyUsd: baselineMonthlyUsd(r), basis: 'list price at about one million requests a month' }))
          .filter((line) => line.monthlyUsd > 0).sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, 25),
        assumptions: ['AWS on-demand list prices in us-east-1.', 'About one million requests a month where the material states no volume.'],
      };
    case 'performance':
      return {
        ...base,
        bottlenecks: issues.slice(0, 20).map((i) => ({ component: i.resource.slice(0, 120), issue: i.detail.slice(0, 500), expectedImprovement: i.fix.slice(0, 500) })),
        targets: material.mentions.has('latency') || material.mentions.has('p99') ? ['The latency targets stated in the material.'] : ['Assumed: p99 below 500 ms for synchronous API calls.'],
      };
    case 'security':
      return {
        ...base,
        threats: issues.filter((i) => i.stride).slice(0, 20).map((i) => ({ threat: i.detail.slice(0, 500), asset: i.resource.slice(0, 120), stride: i.stride, mitigation: i.fix.slice(0, 500) })),
        cweIds: [...new Set(issues.flatMap((i) => (i.cwe ? [i.cwe] : [])))],
      };
    case 'compliance':
      return { ...base, ...complianceControls(material, issues) };
  }
}

function complianceControls(material: Material, issues: Issue[]): { frameworks: string[]; controls: Array<{ framework: string; control: string; status: 'met' | 'partial' | 'not_met' | 'not_applicable'; gap: string }> } {
  const named = [['gdpr', 'GDPR'], ['hipaa', 'HIPAA'], ['pci', 'PCI DSS'], ['soc 2', 'SOC 2'], ['soc2', 'SOC 2'], ['iso 27001', 'ISO 27001']]
    .filter(([keyword]) => material.mentions.has(keyword ?? '')).map(([, name]) => name ?? '');
  const frameworks = named.length > 0 ? [...new Set(named)] : ['SOC 2'];
  const has = (pattern: RegExp): boolean => issues.some((issue) => pattern.test(`${issue.title} ${issue.detail}`));
  const controls = frameworks.flatMap((framework) => [
    { framework, control: 'Encryption of data at rest', status: has(/encrypt/i) ? 'not_met' as const : 'met' as const, gap: has(/encrypt/i) ? 'Some data stores are not encrypted.' : '' },
    { framework, control: 'Least-privilege access control', status: has(/iam|privilege|authenticat/i) ? 'not_met' as const : 'partial' as const, gap: has(/iam|privilege|authenticat/i) ? 'Broad permissions or unauthenticated access were found.' : 'Access reviews are organisational and cannot be shown by the material.' },
    { framework, control: 'Audit logging', status: has(/log|monitor/i) ? 'partial' as const : 'met' as const, gap: has(/log|monitor/i) ? 'Access logs or monitoring are missing in places.' : '' },
    { framework, control: 'Backup and recovery', status: has(/backup|recovery/i) ? 'not_met' as const : 'met' as const, gap: has(/backup|recovery/i) ? 'Point-in-time recovery or backups are missing.' : '' },
  ]);
  return { frameworks, controls: controls.slice(0, 40) };
}
