import { z } from 'zod';
import type { OperationSpec } from '../operation-spec.js';
import { confidenceSchema, costLineSchema, nameText, recommendationsSchema, shortText, summarySchema, usdPerMonth } from '../common-schemas.js';
import { RECOMMENDATION_RULES, ROLE_AND_INPUT_RULES } from '../shared-rules.js';

const fieldSchema = z.object({
  name: nameText,
  type: z.string().min(1).max(60).describe('string, number, boolean, timestamp, enum, list, map or a model name'),
  required: z.boolean(),
  description: z.string().max(300).optional(),
});

const dataModelSchema = z.object({
  name: nameText,
  description: z.string().max(500).optional(),
  fields: z.array(fieldSchema).max(40),
  keys: z.string().max(300).describe('Primary key and secondary indexes with the access pattern each serves.'),
});

const endpointSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: z.string().min(1).max(200).describe('e.g. /orders/{orderId}'),
  description: z.string().min(1).max(300),
  authenticated: z.boolean(),
});

const microserviceSchema = z.object({
  name: nameText.describe('kebab-case service name, e.g. order-service'),
  purpose: shortText,
  responsibilities: z.array(shortText).min(1).max(15),
  dataModels: z.array(dataModelSchema).max(15),
  apis: z.array(endpointSchema).max(30),
  publishesEvents: z.array(nameText).max(20),
  consumesEvents: z.array(nameText).max(20),
  dataStore: z.string().min(1).max(120).describe('e.g. DynamoDB table per service'),
});

export const requirementsAnalysisSchema = z.object({
  summary: summarySchema,
  microservices: z.array(microserviceSchema).min(1).max(20),
  dataRelationships: z.array(z.object({
    from: nameText,
    to: nameText,
    kind: z.enum(['one_to_one', 'one_to_many', 'many_to_many']),
    description: z.string().max(300),
  })).max(40),
  apiDesign: z.object({
    style: z.enum(['rest', 'graphql', 'grpc', 'event_driven', 'mixed']),
    versioning: shortText,
    authentication: shortText,
    errorFormat: shortText,
    pagination: shortText,
    guidelines: z.array(shortText).max(15),
  }),
  technologyStack: z.array(z.object({
    layer: z.enum(['compute', 'api', 'database', 'messaging', 'caching', 'storage', 'search', 'identity', 'observability', 'ci_cd', 'frontend', 'other']),
    choice: nameText,
    rationale: shortText,
  })).min(1).max(25),
  security: z.array(z.object({ area: nameText, measure: shortText })).max(20),
  performance: z.array(z.object({ area: nameText, strategy: shortText })).max(20),
  deployment: z.object({
    strategy: shortText,
    environments: z.array(nameText).max(6),
    scaling: z.array(z.object({ component: nameText, approach: shortText })).max(20),
    cicd: shortText,
  }),
  estimatedMonthlyCost: z.object({
    totalUsd: usdPerMonth,
    breakdown: z.array(costLineSchema).max(25),
    assumptions: z.array(shortText).max(15),
  }),
  recommendations: recommendationsSchema,
  confidence: confidenceSchema,
});

export const requirementsSpec: OperationSpec = {
  operation: 'project_analysis',
  promptVersion: 'requirements@1',
  schema: requirementsAnalysisSchema,
  system: `${ROLE_AND_INPUT_RULES}

Your task: analyse project requirements and design a serverless, event-driven microservice architecture for them.

Cover, in the fields of the schema:
1. microservices: boundaries drawn around business capabilities (one team could own each), each with its purpose, responsibilities, data models (fields with types, primary keys and indexes chosen for the access patterns the requirements imply), HTTP APIs (method, path, whether authenticated), the events it publishes and consumes, and its data store. Prefer a few cohesive services over many tiny ones; say why in the summary when the requirements are small enough for one service.
2. dataRelationships between the data models, across services where they exist (and how consistency is kept: events, not shared tables).
3. apiDesign: style, versioning, authentication, error format and pagination, plus concrete guidelines.
4. technologyStack by layer, each choice with its rationale (default to AWS managed serverless services: Lambda, API Gateway, DynamoDB, EventBridge, SQS, S3, Cognito, CloudWatch).
5. security: identity and access, data protection (encryption, personal data), secrets, input validation, auditing, and anything the requirements demand (e.g. payment data, health data).
6. performance: latency and throughput targets from the requirements, caching, asynchronous processing, cold starts, DynamoDB capacity and hot keys.
7. deployment: strategy (e.g. SAM with canary deployments), environments, how each component scales, and the CI/CD pipeline.
8. estimatedMonthlyCost: a monthly estimate with a breakdown by service line and the traffic and data assumptions it rests on (use the volumes the requirements give; otherwise state modest assumptions).

${RECOMMENDATION_RULES}`,
};
