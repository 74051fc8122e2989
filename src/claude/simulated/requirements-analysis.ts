import type { requirementsAnalysisSchema } from '../prompts/analysis/requirements.js';
import type { z } from 'zod';
import { fieldsFor, relationshipsAmong } from './domain-knowledge.js';
import { kebab, pascal, plural, titleCase, truncate } from './naming.js';
import type { Material } from './read-material.js';
import { estimateServerlessCost } from './serverless-cost.js';

type RequirementsAnalysis = z.infer<typeof requirementsAnalysisSchema>;
type Microservice = RequirementsAnalysis['microservices'][number];
type Recommendation = RequirementsAnalysis['recommendations'][number];

/** A requirements analysis built from the entities, headings and volumes of the material. */
export function simulateRequirementsAnalysis(material: Material): RequirementsAnalysis {
  const entities = (material.entities.length > 0 ? material.entities : fallbackEntities(material)).slice(0, 5);
  const services = entities.map((entity) => serviceFor(entity, entities, material));
  const cost = estimateServerlessCost(material, services.length);
  const personalData = ['customer', 'user', 'patient', 'student'].some((e) => entities.includes(e)) || material.mentions.has('personal data') || material.mentions.has('email');
  return {
    summary: truncate(`Simulated analysis of ${describeSource(material)}: ${services.length} service${services.length === 1 ? '' : 's'} (${services.map((s) => s.name).join(', ')}) on AWS serverless, communicating through EventBridge events. ${gapsSentence(material)}`, 4000),
    microservices: services,
    dataRelationships: relationshipsAmong(entities).map((r) => ({ from: pascal(r.from), to: pascal(r.to), kind: r.kind, description: r.description })),
    apiDesign: {
      style: material.mentions.has('graphql') ? 'graphql' : 'rest',
      versioning: 'URI versioning (/v1/...) with additive changes inside a version.',
      authentication: material.mentions.has('api key') ? 'API keys for machine clients plus Cognito JWTs for users.' : 'Amazon Cognito user pool; JWT authorizer on every route except health checks.',
      errorFormat: 'JSON problem details: {"error": {"code", "message"}} with 4xx for client errors and 5xx for server errors.',
      pagination: 'Cursor pagination with an opaque nextToken (DynamoDB LastEvaluatedKey) and a limit of at most 100.',
      guidelines: [
        `Resource names in the plural: ${entities.map((e) => `/${plural(kebab(e))}`).join(', ')}.`,
        'Idempotency-Key header on POST requests that create resources.',
        'Validate request bodies against a JSON schema at the API and in the handler.',
      ],
    },
    technologyStack: [
      { layer: 'compute', choice: material.mentions.has('typescript') || material.mentions.has('node') ? 'AWS Lambda (Node.js 20, TypeScript)' : 'AWS Lambda (Python 3.12)', rationale: 'Pay per request, scales to zero, no servers to patch.' },
      { layer: 'api', choice: 'Amazon API Gateway', rationale: 'Managed HTTPS endpoints with authorizers, throttling and access logs.' },
      { layer: 'database', choice: 'Amazon DynamoDB (on-demand)', rationale: `Key-value access patterns per ${entities[0] ?? 'entity'}; on-demand capacity follows the traffic.` },
      { layer: 'messaging', choice: 'Amazon EventBridge + SQS', rationale: 'Domain events between services; queues with dead-letter queues buffer slow consumers.' },
      { layer: 'identity', choice: 'Amazon Cognito', rationale: 'User sign-up, sign-in and JWTs without running an identity service.' },
      { layer: 'observability', choice: 'CloudWatch Logs, metrics, alarms and X-Ray', rationale: 'Structured logs, per-service alarms and traces across services.' },
    ],
    security: [
      { area: 'Identity', measure: 'Cognito-authenticated APIs; least-privilege IAM role per function.' },
      { area: 'Data protection', measure: personalData ? 'Encrypt tables and buckets with KMS; keep personal data out of logs; define retention and erasure.' : 'Encrypt tables and buckets at rest; TLS everywhere.' },
      { area: 'Secrets', measure: 'Store credentials in AWS Secrets Manager; never in code or environment variables in plain text.' },
      { area: 'Input validation', measure: 'Schema validation of every request; reject unknown fields.' },
    ],
    performance: [
      { area: 'Latency', strategy: 'Single-digit-millisecond DynamoDB key lookups; avoid synchronous chains between services.' },
      { area: 'Throughput', strategy: cost.requestsPerMonth > 10_000_000 ? 'Reserve concurrency for critical functions and batch event processing.' : 'Default Lambda concurrency is ample for the stated volume.' },
    ],
    deployment: {
      strategy: 'AWS SAM, one stack per service; canary deployments through Lambda aliases guarded by alarms.',
      environments: ['dev', 'staging', 'prod'],
      scaling: services.map((s) => ({ component: s.name, approach: 'Lambda scales per request; DynamoDB on-demand capacity.' })),
      cicd: 'GitHub Actions with OIDC: test, sam build, deploy to staging, manual approval, deploy to prod.',
    },
    estimatedMonthlyCost: { totalUsd: cost.totalUsd, breakdown: cost.breakdown, assumptions: cost.assumptions },
    recommendations: recommendationsFor(material, entities, personalData),
    confidence: confidenceFor(material),
  };
}

function fallbackEntities(material: Material): string[] {
  const fromHeadings = material.headings.map((h) => kebab(h).split('-')[0] ?? '').filter((w) => w.length > 3);
  return fromHeadings.length > 0 ? [...new Set(fromHeadings)].slice(0, 3) : ['item'];
}

function serviceFor(entity: string, all: string[], material: Material): Microservice {
  const model = pascal(entity);
  const path = `/${plural(kebab(entity))}`;
  const id = `{${entity}Id}`;
  const related = relationshipsAmong(all).filter((r) => r.from === entity || r.to === entity);
  const bullets = material.bullets.filter((b) => b.toLowerCase().includes(entity)).slice(0, 3).map((b) => truncate(b, 500));
  return {
    name: `${kebab(entity)}-service`,
    purpose: `Owns ${plural(entity)} and their lifecycle.`,
    responsibilities: [`Create, read, update and list ${plural(entity)}`, `Publish ${model} events for other services`, ...bullets],
    dataModels: [{
      name: model,
      description: `A ${entity} as the material describes it.`,
      fields: fieldsFor(entity),
      keys: `Partition key id; GSI byCreatedAt (entityType, createdAt) for listing${related.length > 0 ? `; GSI by ${related[0]?.from === entity ? related[0]?.to : related[0]?.from}Id for lookups by owner` : ''}.`,
    }],
    apis: [
      { method: 'POST', path, description: `Create a ${entity}.`, authenticated: true },
      { method: 'GET', path: `${path}/${id}`, description: `Read one ${entity}.`, authenticated: true },
      { method: 'GET', path, description: `List ${plural(entity)} (paginated).`, authenticated: true },
      { method: 'PATCH', path: `${path}/${id}`, description: `Update a ${entity}.`, authenticated: true },
    ],
    publishesEvents: [`${model}Created`, `${model}Updated`],
    consumesEvents: related.filter((r) => r.to === entity).map((r) => `${pascal(r.from)}Created`),
    dataStore: `DynamoDB table ${kebab(entity)}-table`,
  };
}

function describeSource(material: Material): string {
  const title = material.headings[0];
  return title ? `"${truncate(titleCase(title) || title, 80)}"` : 'the requirements';
}

function gapsSentence(material: Material): string {
  const gaps: string[] = [];
  if (material.monthlyVolumes.length === 0) gaps.push('traffic volumes');
  if (!material.mentions.has('availability') && !material.mentions.has('sla')) gaps.push('availability targets');
  if (!material.mentions.has('latency') && !material.mentions.has('p99')) gaps.push('latency targets');
  return gaps.length > 0 ? `The material does not state ${gaps.join(', ')}; modest assumptions were used.` : 'The material states volumes and targets.';
}

function recommendationsFor(material: Material, entities: string[], personalData: boolean): Recommendation[] {
  const recommendations: Recommendation[] = [];
  if (personalData) {
    recommendations.push({ title: 'Classify and protect personal data from day one', description: `The ${entities.filter((e) => ['customer', 'user', 'patient', 'student'].includes(e)).join(' and ') || 'user'} data is personal data: encrypt it with a customer-managed KMS key, keep it out of logs, and define retention and erasure before launch.`, priority: 'high', category: 'security', impact: 'high', implementationEffort: 'medium' });
  }
  if (entities.includes('payment')) {
    recommendations.push({ title: 'Keep card data out of your systems', description: 'Use the payment provider\'s hosted fields or checkout so that card numbers never reach your APIs; store only the provider reference. This keeps the system out of most PCI DSS scope.', priority: 'critical', category: 'compliance', impact: 'high', implementationEffort: 'medium' });
  }
  recommendations.push({ title: 'Put a dead-letter queue behind every asynchronous consumer', description: `Events between ${entities.map((e) => `${kebab(e)}-service`).join(', ')} should be consumed through SQS queues with dead-letter queues and alarms, so that a failing consumer neither loses events nor blocks others.`, priority: 'high', category: 'architecture', impact: 'high', implementationEffort: 'low' });
  if (material.monthlyVolumes.length === 0) {
    recommendations.push({ title: 'State expected traffic and data volumes', description: 'The requirements give no volumes. Peak requests per second and data growth decide capacity modes, limits and cost; write them down and revisit this estimate.', priority: 'medium', category: 'cost', impact: 'medium', implementationEffort: 'low' });
  }
  if (!material.mentions.has('monitor') && !material.mentions.has('alarm')) {
    recommendations.push({ title: 'Define alarms and dashboards per service', description: 'Alarm on error rate, p99 latency, throttles and dead-letter queue depth for every service, and route alarms to the owning team.', priority: 'medium', category: 'maintenance', impact: 'medium', implementationEffort: 'low' });
  }
  recommendations.push({ title: 'Use arm64 Lambda functions', description: 'Graviton (arm64) functions cost about 20% less per GB-second than x86 for the same code.', priority: 'low', category: 'cost', impact: 'low', implementationEffort: 'low', estimatedMonthlySavingsUsd: Math.round(estimateServerlessCost(material, entities.length).lambdaUsd * 0.2 * 100) / 100 });
  return recommendations;
}

function confidenceFor(material: Material): number {
  const score = 0.35 + Math.min(material.headings.length, 8) * 0.04 + Math.min(material.text.length / 8000, 0.2) + (material.monthlyVolumes.length > 0 ? 0.1 : 0);
  return Math.round(Math.min(0.9, score) * 100) / 100;
}
