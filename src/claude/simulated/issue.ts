import type { Recommendation } from '../../domain/recommendation.js';

/** One problem the simulated model found, with the finding and the recommendation it turns into. */
export interface Issue {
  category: Recommendation['category'];
  severity: 'critical' | 'high' | 'medium' | 'low';
  resource: string;
  title: string;
  detail: string;
  fix: string;
  effort: 'low' | 'medium' | 'high';
  monthlySavingsUsd?: number;
  cwe?: string;
  stride?: 'spoofing' | 'tampering' | 'repudiation' | 'information_disclosure' | 'denial_of_service' | 'elevation_of_privilege';
}

export function recommendationOf(issue: Issue): Recommendation {
  const recommendation: Recommendation = {
    title: issue.title.slice(0, 200),
    description: `${issue.fix} (${issue.resource}: ${issue.detail})`.slice(0, 2000),
    priority: issue.severity,
    category: issue.category,
    impact: issue.severity === 'critical' || issue.severity === 'high' ? 'high' : issue.severity === 'medium' ? 'medium' : 'low',
    implementationEffort: issue.effort,
  };
  if (issue.monthlySavingsUsd !== undefined) recommendation.estimatedMonthlySavingsUsd = issue.monthlySavingsUsd;
  return recommendation;
}

const ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

export function byPriority(a: Issue, b: Issue): number {
  return ORDER[a.severity] - ORDER[b.severity] || a.resource.localeCompare(b.resource) || a.title.localeCompare(b.title);
}
