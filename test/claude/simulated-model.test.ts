import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { analysisSpec, createSimulatedModel, generationSpec, renderUserContent } from '../../src/claude/index.js';
import { ANALYSIS_TYPES, type AnalysisType } from '../../src/domain/operations.js';
import type { ModelRequest } from '../../src/ports/model.js';

const model = createSimulatedModel();

const REQUIREMENTS = `# Coffee Shop Ordering Platform

## Customers
Customers register with an email address and browse the menu of products.

## Orders
- A customer places orders for one or more products.
- About 20,000 orders per day at peak season.

## Payments
Payments are taken by card through a payment provider; refunds must be possible.
`;

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  ThumbnailFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.8
      MemorySize: 3008
      Timeout: 300
      Handler: app.handler
      Policies:
        - Statement:
            - Effect: Allow
              Action: "s3:*"
              Resource: "*"
  ImagesTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PROVISIONED
      ProvisionedThroughput: { ReadCapacityUnits: 50, WriteCapacityUnits: 50 }
  UploadsBucket:
    Type: AWS::S3::Bucket
`;

function analysisRequest(type: AnalysisType, input: unknown): ModelRequest<z.ZodType> {
  const spec = analysisSpec(type);
  return { operation: spec.operation, model: 'simulated', system: spec.system, schema: spec.schema, userContent: renderUserContent(input, type), maxTokens: 4096, timeoutMs: 1000, stream: false };
}

describe('simulated model: analyses', () => {
  it.each(ANALYSIS_TYPES)('%s: schema-valid, free, named simulated', async (type) => {
    const response = await model.invoke(analysisRequest(type, { text: type === 'requirements' ? REQUIREMENTS : TEMPLATE }));
    expect(response.parseError).toBeNull();
    expect(analysisSpec(type).schema.safeParse(response.parsed).success).toBe(true);
    expect(response.model).toBe('simulated');
    expect(response.usage).toEqual({ input: 0, output: 0, cacheCreation: 0, cacheRead: 0 });
    expect(response.stopReason).toBe('end_turn');
    expect(JSON.parse(response.rawText)).toEqual(response.parsed);
  });

  it('derives services, relationships and cost from the requirements', async () => {
    const response = await model.invoke(analysisRequest('requirements', { requirements: REQUIREMENTS }));
    const output = response.parsed as { microservices: Array<{ name: string; apis: Array<{ path: string }> }>; dataRelationships: Array<{ from: string; to: string }>; estimatedMonthlyCost: { assumptions: string[] }; summary: string };
    expect(output.microservices.map((s) => s.name)).toEqual(expect.arrayContaining(['order-service', 'customer-service', 'payment-service']));
    expect(output.microservices.find((s) => s.name === 'order-service')?.apis.map((a) => a.path)).toContain('/orders');
    expect(output.dataRelationships).toContainEqual(expect.objectContaining({ from: 'Customer', to: 'Order' }));
    expect(output.estimatedMonthlyCost.assumptions.join(' ')).toContain('600,000');
    expect(output.summary).toContain('Coffee Shop Ordering Platform');
  });

  it('is deterministic for the same input and differs for different input', async () => {
    const a = await model.invoke(analysisRequest('requirements', { requirements: REQUIREMENTS }));
    const b = await model.invoke(analysisRequest('requirements', { requirements: REQUIREMENTS }));
    const c = await model.invoke(analysisRequest('requirements', { requirements: '# Clinic\nPatients book appointments with doctors.' }));
    expect(b.rawText).toBe(a.rawText);
    expect(c.rawText).not.toBe(a.rawText);
    expect((c.parsed as { microservices: Array<{ name: string }> }).microservices.map((s) => s.name)).toEqual(expect.arrayContaining(['patient-service', 'appointment-service']));
  });

  it('reviews what the architecture description shows and lacks', async () => {
    const response = await model.invoke(analysisRequest('architecture', { architecture: 'API Gateway with a Cognito authorizer calls Lambda functions; orders go through SQS to a worker; data in DynamoDB.' }));
    const output = response.parsed as { strengths: string[]; weaknesses: string[]; ratings: Record<string, number>; overallScore: number };
    expect(output.strengths.join(' ')).toMatch(/Authenticated APIs/);
    expect(output.weaknesses.join(' ')).toMatch(/Monitoring and alarms/);
    expect(output.ratings.security).toBeGreaterThan(1);
    expect(output.overallScore).toBeGreaterThan(0);
  });

  it('finds the problems of a template, naming its resources', async () => {
    const optimization = (await model.invoke(analysisRequest('optimization', { template: TEMPLATE }))).parsed as { findings: Array<{ resource: string }>; estimatedMonthlySavingsUsd: number; recommendations: Array<{ title: string }> };
    expect(optimization.findings.map((f) => f.resource)).toEqual(expect.arrayContaining(['ThumbnailFunction', 'ImagesTable', 'UploadsBucket']));
    expect(optimization.estimatedMonthlySavingsUsd).toBeGreaterThan(0);
    const security = (await model.invoke(analysisRequest('security', { template: TEMPLATE }))).parsed as { cweIds: string[]; findings: Array<{ title: string }> };
    expect(security.cweIds).toEqual(expect.arrayContaining(['CWE-732', 'CWE-311', 'CWE-1104']));
    expect(security.findings.map((f) => f.title)).toContain('Narrow the IAM permissions of ThumbnailFunction');
    const cost = (await model.invoke(analysisRequest('cost', { template: TEMPLATE }))).parsed as { costDrivers: Array<{ item: string }>; currentMonthlyCostUsd: number };
    expect(cost.costDrivers[0]?.item).toContain('ImagesTable');
    expect(cost.currentMonthlyCostUsd).toBeGreaterThan(0);
  });

  it('assesses the frameworks the material names', async () => {
    const output = (await model.invoke(analysisRequest('compliance', { text: 'We store personal data of EU customers (GDPR) and card payments (PCI DSS).' }))).parsed as { frameworks: string[]; controls: unknown[] };
    expect(output.frameworks).toEqual(['GDPR', 'PCI DSS']);
    expect(output.controls.length).toBe(8);
  });
});

describe('simulated model: generation and plumbing', () => {
  it('reports streaming progress and answers a repair round', async () => {
    const spec = generationSpec('service');
    const progress: number[] = [];
    const response = await model.invoke({ operation: 'code_generation', model: 'simulated', system: spec.system, schema: spec.schema, userContent: renderUserContent({ specification: { name: 'booking-service' } }, 'service'), maxTokens: 16_000, timeoutMs: 1000, stream: true, onProgress: (p) => progress.push(p.outputTokens), repair: { previousOutput: '{}', problems: ['files: required'] } });
    expect(response.parsed).not.toBeNull();
    expect(progress).toHaveLength(4);
    expect(progress.at(-1)).toBe(Math.ceil(response.rawText.length / 4));
  });

  it('answers an unknown schema with a valid generic instance', async () => {
    const schema = z.object({ title: z.string().min(3).max(10), count: z.number().int().min(2).max(4), tags: z.array(z.enum(['a', 'b'])).min(2) });
    const response = await model.invoke({ operation: 'project_analysis', model: 'simulated', system: 's', schema, userContent: 'anything', maxTokens: 100, timeoutMs: 1000, stream: false });
    expect(schema.safeParse(response.parsed).success).toBe(true);
  });

  it('waits the configured latency', async () => {
    const slow = createSimulatedModel({ latencyMs: 60 });
    const started = performance.now();
    const response = await slow.invoke(analysisRequest('cost', 'A Lambda function behind API Gateway.'));
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(response.latencyMs).toBeGreaterThanOrEqual(55);
  });
});
