import { randomUUID } from 'node:crypto';
import type { AnalysisRecord } from '../../domain/ai-analysis.js';
import type { GenerationRecord } from '../../domain/code-generation.js';
import type { DomainEvent } from '../../domain/events.js';
import type { ApiKeyRecord, JobRecord, LedgerEntry, UsageRecord } from '../../ports/store.js';

/** Builders of valid records for the contract suites; every id is fresh unless overridden. */

export const T0 = Date.parse('2030-01-15T12:00:00.000Z');

/** ISO time `ms` milliseconds after T0. */
export function at(ms: number): string {
  return new Date(T0 + ms).toISOString();
}

export function uid(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

export function analysisRecord(overrides: Partial<AnalysisRecord> = {}): AnalysisRecord {
  return {
    id: uid('an'),
    orgId: 'org-a',
    userId: 'user-1',
    projectId: 'proj-1',
    analysisType: 'requirements',
    status: 'in_progress',
    input: { text: 'A shop with orders and payments', nested: { list: [1, 2, 3] } },
    output: null,
    recommendations: [],
    confidenceScore: 0,
    tokensUsed: { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 },
    costMicroUsd: 0,
    cached: false,
    model: null,
    redactions: [{ type: 'email', count: 1 }],
    retryCount: 0,
    createdAt: at(0),
    startedAt: at(0),
    completedAt: null,
    errorMessage: null,
    version: 0,
    ...overrides,
  };
}

export function generationRecord(overrides: Partial<GenerationRecord> = {}): GenerationRecord {
  return {
    id: uid('gen'),
    orgId: 'org-a',
    userId: 'user-1',
    projectId: 'proj-1',
    generationType: 'service',
    status: 'in_progress',
    specification: { name: 'orders' },
    templateContext: { runtime: 'nodejs20.x' },
    files: [{ path: 'src/handler.ts', content: 'export const handler = async () => ({ statusCode: 200 });\n' }],
    validationResults: [],
    findings: [],
    tokensUsed: { input: 10, output: 20, cacheCreation: 0, cacheRead: 5 },
    costMicroUsd: 1234,
    cached: false,
    model: 'claude-sonnet-5-5',
    redactions: [],
    retryCount: 0,
    createdAt: at(0),
    startedAt: at(0),
    completedAt: null,
    errorMessage: null,
    version: 0,
    ...overrides,
  };
}

export function startedEvent(aggregateId: string, occurredAt: string, orgId = 'org-a'): DomainEvent {
  return {
    id: uid('evt'),
    name: 'AIAnalysisStarted',
    occurredAt,
    orgId,
    aggregateId,
    payload: { projectId: 'proj-1', analysisType: 'requirements' },
  };
}

export function limitEvent(occurredAt: string, orgId = 'org-a'): DomainEvent {
  return {
    id: uid('evt'),
    name: 'AIUsageLimitExceeded',
    occurredAt,
    orgId,
    aggregateId: 'user-1',
    payload: { operation: 'project_analysis', userId: 'user-1', limit: 'perUser.requestsPerDay.project_analysis', limitValue: 100, current: 100 },
  };
}

export function ledgerEntry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id: uid('call'),
    orgId: 'org-a',
    userId: 'user-1',
    operation: 'project_analysis',
    model: 'claude-sonnet-5-5',
    aggregateId: null,
    tokens: { input: 100, output: 50, cacheCreation: 0, cacheRead: 0 },
    costMicroUsd: 1050,
    latencyMs: 900,
    status: 'success',
    cached: false,
    occurredAt: at(0),
    ...overrides,
  };
}

/** A usage record with one roll-up per scope, all for `day`, adding `fields`. */
export function usageRecord(args: {
  scopes: string[];
  day: string;
  fields: Record<string, number>;
  operation?: string;
  model?: string;
  ledger?: Partial<LedgerEntry>;
}): UsageRecord {
  const operation = args.operation ?? 'project_analysis';
  const model = args.model ?? 'claude-sonnet-5-5';
  return {
    ledger: ledgerEntry({ operation, model, occurredAt: `${args.day}T10:00:00.000Z`, ...args.ledger }),
    rollups: args.scopes.map((scope) => ({ scope, day: args.day, operation, model, fields: { ...args.fields } })),
  };
}

export function apiKeyRecord(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  const id = uid('key');
  return {
    id,
    hash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
    prefix: 'sk-skafu-',
    orgId: 'org-a',
    userId: 'user-1',
    role: 'member',
    createdAt: at(0),
    revokedAt: null,
    ...overrides,
  };
}

export function jobRecord(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id: uid('job'),
    kind: 'analysis',
    orgId: 'org-a',
    state: 'queued',
    attempts: 0,
    leaseOwner: null,
    leaseExpiresAt: null,
    createdAt: at(0),
    noCache: false,
    ...overrides,
  };
}
