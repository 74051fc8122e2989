import type { z } from 'zod';
import type { architectureReviewSchema } from '../prompts/analysis/architecture.js';
import { byPriority, recommendationOf } from './issue.js';
import { truncate } from './naming.js';
import { issuesForMissing, practicesFound, PRACTICES } from './practices.js';
import type { Material } from './read-material.js';
import { resourceIssues } from './resource-checks.js';
import { templateResources } from './template-scan.js';

type ArchitectureReview = z.infer<typeof architectureReviewSchema>;
type Dimension = keyof ArchitectureReview['ratings'];
const DIMENSIONS: Dimension[] = ['scalability', 'performance', 'security', 'maintainability', 'costEfficiency'];

/** A review that rates the practices the architecture description shows (and the template, if any). */
export function simulateArchitectureReview(material: Material): ArchitectureReview {
  const { followed, missing } = practicesFound(material.text);
  const subject = material.headings[0] ? truncate(material.headings[0], 80) : 'the architecture';
  const issues = [...issuesForMissing(missing, subject), ...resourceIssues(templateResources(material))].sort(byPriority);
  const ratings = Object.fromEntries(DIMENSIONS.map((dimension) => {
    const relevant = PRACTICES.filter((p) => p.dimensions.includes(dimension));
    const shown = relevant.filter((p) => followed.includes(p)).length;
    return [dimension, Math.max(1, Math.min(10, 2 + Math.round((7 * shown) / Math.max(1, relevant.length))))];
  })) as ArchitectureReview['ratings'];
  const overall = Math.round((DIMENSIONS.reduce((sum, d) => sum + ratings[d], 0) / DIMENSIONS.length) * 10) / 10;
  return {
    summary: truncate(`Simulated review of ${subject}: it shows ${followed.length} of ${PRACTICES.length} practices checked${followed.length > 0 ? ` (${followed.map((p) => p.label.toLowerCase()).slice(0, 4).join(', ')})` : ''}. Main gaps: ${missing.slice(0, 3).map((p) => p.label.toLowerCase()).join(', ') || 'none found'}.`, 4000),
    overallScore: overall,
    strengths: followed.map((p) => `${p.label} is part of the design.`).slice(0, 15),
    weaknesses: missing.map((p) => `${p.label}: ${p.missing.detail}`).slice(0, 15),
    risks: missing.filter((p) => p.missing.severity === 'critical' || p.missing.severity === 'high').slice(0, 15).map((p) => ({
      description: `${p.missing.detail} (${p.label.toLowerCase()})`,
      likelihood: p.missing.severity === 'critical' ? 'high' : 'medium',
      impact: 'high',
      mitigation: p.missing.fix,
    })),
    ratings,
    bestPractices: PRACTICES.map((p) => ({ practice: p.label, status: followed.includes(p) ? 'followed' : 'missing', note: followed.includes(p) ? 'Shown in the material.' : p.missing.fix })),
    recommendations: issues.slice(0, 25).map(recommendationOf),
    confidence: Math.round(Math.min(0.9, 0.4 + material.text.length / 10_000 + followed.length * 0.02) * 100) / 100,
  };
}
