import { describe, expect, it } from 'vitest';
import type { ChangeContext } from './aggregate-context.js';
import { AIAnalysis, type AnalysisCompletion } from './ai-analysis.js';
import { IllegalTransitionError, ModelOutputError } from './errors.js';
import { InvalidRecommendationError } from './recommendation.js';

const MARKER = 'SANITIZED-INPUT-MARKER-7f3a';
const identity = { orgId: 'org-1', userId: 'user-1' };

function context(now = '2025-03-01T10:00:00.000Z'): ChangeContext {
  let n = 0;
  return { now, newId: () => `evt-${++n}` };
}

function newAnalysis(): AIAnalysis {
  return AIAnalysis.create({ id: 'an-1', identity, projectId: 'proj-1', analysisType: 'requirements', now: '2025-03-01T09:00:00.000Z' });
}

function started(): AIAnalysis {
  const a = newAnalysis();
  a.start(context('2025-03-01T09:30:00.000Z'), { requirements: MARKER }, [{ type: 'email', count: 2 }]);
  a.pullEvents();
  return a;
}

const recommendation = {
  title: 'Use a multi-AZ database',
  description: `Failover for ${MARKER}? No: the description is model output and may be anything.`,
  priority: 'high',
  category: 'architecture',
  impact: 'high',
};

function completion(overrides: Partial<AnalysisCompletion> = {}): AnalysisCompletion {
  return {
    output: { summary: 'ok', recommendations: [recommendation] },
    recommendations: [recommendation],
    confidenceScore: 0.82,
    tokensUsed: { input: 1200, output: 800, cacheCreation: 0, cacheRead: 300 },
    costMicroUsd: 15_690,
    model: 'claude-sonnet-5-5',
    cached: false,
    ...overrides,
  };
}

describe('AIAnalysis.create', () => {
  it('records the owner, project and type with empty results', () => {
    const record = newAnalysis().toRecord();
    expect(record).toMatchObject({
      id: 'an-1', orgId: 'org-1', userId: 'user-1', projectId: 'proj-1', analysisType: 'requirements', status: 'pending',
      input: null, output: null, recommendations: [], confidenceScore: 0, costMicroUsd: 0, cached: false, model: null,
      redactions: [], retryCount: 0, createdAt: '2025-03-01T09:00:00.000Z', startedAt: null, completedAt: null, errorMessage: null, version: 0,
    });
    expect(record.tokensUsed).toEqual({ input: 0, output: 0, cacheCreation: 0, cacheRead: 0 });
  });
});

describe('AIAnalysis state changes', () => {
  it('queue stores the sanitized input and redaction counts and records no event', () => {
    const a = newAnalysis();
    a.queue({ requirements: MARKER }, [{ type: 'aws_access_key_id', count: 1 }]);
    expect(a.toRecord()).toMatchObject({ status: 'queued', input: { requirements: MARKER }, redactions: [{ type: 'aws_access_key_id', count: 1 }] });
    expect(a.pullEvents()).toEqual([]);
  });

  it('start stamps startedAt and keeps the queued input when none is given', () => {
    const a = newAnalysis();
    a.queue({ requirements: 'queued text' }, [{ type: 'email', count: 1 }]);
    a.start(context('2025-03-01T09:45:00.000Z'));
    expect(a.toRecord()).toMatchObject({ status: 'in_progress', startedAt: '2025-03-01T09:45:00.000Z', input: { requirements: 'queued text' }, redactions: [{ type: 'email', count: 1 }] });
  });

  it('start replaces the input and redactions when given', () => {
    expect(started().toRecord()).toMatchObject({ input: { requirements: MARKER }, redactions: [{ type: 'email', count: 2 }] });
  });

  it('complete stores the result, stamps completedAt and clears any error', () => {
    const a = started();
    a.complete(context('2025-03-01T10:05:00.000Z'), completion());
    expect(a.toRecord()).toMatchObject({
      status: 'completed', output: { summary: 'ok' }, recommendations: [recommendation], confidenceScore: 0.82,
      tokensUsed: { input: 1200, output: 800, cacheCreation: 0, cacheRead: 300 }, costMicroUsd: 15_690,
      model: 'claude-sonnet-5-5', cached: false, completedAt: '2025-03-01T10:05:00.000Z', errorMessage: null,
    });
  });

  it('complete copies what it is given, so later changes by the caller do not reach the aggregate', () => {
    const a = started();
    const given = completion();
    a.complete(context(), given);
    given.tokensUsed.output = 999_999;
    (given.output as { summary: string }).summary = 'changed';
    expect(a.toRecord().tokensUsed.output).toBe(800);
    expect((a.toRecord().output as { summary: string }).summary).toBe('ok');
  });

  it('fail keeps the usage already billed', () => {
    const a = started();
    a.fail(context('2025-03-01T10:01:00.000Z'), 'The model refused to answer.', {
      tokensUsed: { input: 500, output: 20, cacheCreation: 0, cacheRead: 0 }, costMicroUsd: 1_800, model: 'claude-sonnet-5-5',
    });
    expect(a.toRecord()).toMatchObject({
      status: 'failed', errorMessage: 'The model refused to answer.', completedAt: '2025-03-01T10:01:00.000Z',
      tokensUsed: { input: 500, output: 20 }, costMicroUsd: 1_800, model: 'claude-sonnet-5-5',
    });
  });

  it('fail without billed usage leaves cost at zero', () => {
    const a = started();
    a.fail(context(), 'Upstream unavailable.');
    expect(a.toRecord()).toMatchObject({ costMicroUsd: 0, model: null, tokensUsed: { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 } });
  });

  it('timeOut stamps completedAt and explains the timeout', () => {
    const a = started();
    a.timeOut(context('2025-03-01T11:00:00.000Z'));
    expect(a.toRecord()).toMatchObject({ status: 'timeout', completedAt: '2025-03-01T11:00:00.000Z', errorMessage: 'The analysis did not finish in time.' });
  });

  it('retry queues an unfinished run again and counts it, with no completion time or error', () => {
    const a = started();
    a.retry(context('2025-03-01T11:00:00.000Z'), 'lease_expired');
    expect(a.toRecord()).toMatchObject({ status: 'queued', completedAt: null, errorMessage: null, retryCount: 1 });
    expect(a.retryCount).toBe(1);
  });

  it('a timed-out analysis has ended: retry refuses it', () => {
    const a = started();
    a.timeOut(context());
    expect(() => a.retry(context(), 'lease_expired')).toThrow(IllegalTransitionError);
    expect(a.toRecord()).toMatchObject({ status: 'timeout', retryCount: 0 });
  });

  it('cancel stamps completedAt', () => {
    const a = newAnalysis();
    a.cancel(context('2025-03-01T09:10:00.000Z'));
    expect(a.toRecord()).toMatchObject({ status: 'cancelled', completedAt: '2025-03-01T09:10:00.000Z' });
  });
});

describe('AIAnalysis events', () => {
  it('records one event per transition with its name, id, time, organisation and aggregate', () => {
    const a = newAnalysis();
    const ctx = context('2025-03-01T09:30:00.000Z');
    a.start(ctx, { requirements: MARKER }, []);
    a.complete(ctx, completion());
    const events = a.pullEvents();
    expect(events.map((e) => e.name)).toEqual(['AIAnalysisStarted', 'AIAnalysisCompleted']);
    expect(events.map((e) => e.id)).toEqual(['evt-1', 'evt-2']);
    for (const event of events) {
      expect(event).toMatchObject({ occurredAt: '2025-03-01T09:30:00.000Z', orgId: 'org-1', aggregateId: 'an-1' });
    }
  });

  it('AIAnalysisStarted carries the project and analysis type', () => {
    const a = newAnalysis();
    a.start(context(), { requirements: MARKER });
    expect(a.pullEvents()[0]?.payload).toEqual({ projectId: 'proj-1', analysisType: 'requirements' });
  });

  it('AIAnalysisCompleted carries a summary of each recommendation, confidence, cache flag and cost', () => {
    const a = started();
    a.complete(context(), completion({ cached: true, costMicroUsd: 0 }));
    expect(a.pullEvents()[0]?.payload).toEqual({
      projectId: 'proj-1',
      analysisType: 'requirements',
      recommendations: [{ title: 'Use a multi-AZ database', priority: 'high', category: 'architecture', impact: 'high' }],
      confidenceScore: 0.82,
      cached: true,
      costMicroUsd: 0,
    });
  });

  it.each([
    { transition: 'fail', name: 'AIAnalysisFailed', payload: { projectId: 'proj-1', errorMessage: 'The model output was truncated.' } },
    { transition: 'cancel', name: 'AIAnalysisCancelled', payload: { projectId: 'proj-1' } },
    { transition: 'timeOut', name: 'AIAnalysisTimedOut', payload: { projectId: 'proj-1' } },
  ] as const)('$transition records $name with only the project (and message)', ({ transition, name, payload }) => {
    const a = started();
    if (transition === 'fail') a.fail(context(), 'The model output was truncated.');
    else if (transition === 'cancel') a.cancel(context());
    else a.timeOut(context());
    const events = a.pullEvents();
    expect(events).toHaveLength(1);
    expect(events[0]?.name).toBe(name);
    expect(events[0]?.payload).toEqual(payload);
  });

  it('never puts the input into an event payload over a whole lifecycle', () => {
    const a = newAnalysis();
    const ctx = context();
    a.queue({ requirements: MARKER, nested: { deeper: [MARKER] } }, []);
    a.start(ctx);
    a.retry(ctx, 'lease_expired');
    a.start(ctx);
    a.complete(ctx, completion({ recommendations: [{ ...recommendation, description: 'plain' }] }));
    const events = a.pullEvents();
    expect(events.length).toBe(4);
    expect(JSON.stringify(events)).not.toContain(MARKER);
  });

  it('pullEvents drains: a second call returns nothing until the next transition', () => {
    const a = newAnalysis();
    a.start(context());
    expect(a.pullEvents()).toHaveLength(1);
    expect(a.pullEvents()).toEqual([]);
    a.cancel(context());
    expect(a.pullEvents().map((e) => e.name)).toEqual(['AIAnalysisCancelled']);
  });

  it('queue records no event', () => {
    const a = newAnalysis();
    a.queue({}, []);
    expect(a.pullEvents()).toEqual([]);
  });

  it.each(['lease_expired', 'handed_back'] as const)('a retry (%s) records AIAnalysisRetried with the next attempt, never AIAnalysisTimedOut', (reason) => {
    const a = started();
    a.retry(context(), reason);
    a.start(context());
    a.retry(context(), reason);
    const events = a.pullEvents();
    expect(events.map((e) => e.name)).toEqual(['AIAnalysisRetried', 'AIAnalysisStarted', 'AIAnalysisRetried']);
    expect(events.filter((e) => e.name === 'AIAnalysisRetried').map((e) => e.payload)).toEqual([
      { projectId: 'proj-1', attempt: 2, reason },
      { projectId: 'proj-1', attempt: 3, reason },
    ]);
  });

  it('a job retried then out of time records exactly one AIAnalysisTimedOut, last', () => {
    const a = newAnalysis();
    a.queue({}, []);
    a.start(context());
    a.retry(context(), 'lease_expired');
    a.start(context());
    a.timeOut(context());
    expect(a.pullEvents().map((e) => e.name)).toEqual(['AIAnalysisStarted', 'AIAnalysisRetried', 'AIAnalysisStarted', 'AIAnalysisTimedOut']);
  });
});

describe('AIAnalysis.complete validation', () => {
  const valid = { ...recommendation, description: 'd' };
  const invalidRecommendations = [
    { why: 'a title over 200 characters', value: { ...valid, title: 'x'.repeat(201) }, field: 'recommendations[0].title' },
    { why: 'an empty title', value: { ...valid, title: '' }, field: 'recommendations[0].title' },
    { why: 'a description over 2000 characters', value: { ...valid, description: 'x'.repeat(2001) }, field: 'recommendations[0].description' },
    { why: 'an unknown priority', value: { ...valid, priority: 'urgent' }, field: 'recommendations[0].priority' },
    { why: 'an unknown category', value: { ...valid, category: 'general' }, field: 'recommendations[0].category' },
    { why: 'an unknown impact', value: { ...valid, impact: 'unknown' }, field: 'recommendations[0].impact' },
    { why: 'an unknown implementation effort', value: { ...valid, implementationEffort: 'huge' }, field: 'recommendations[0].implementationEffort' },
    { why: 'negative estimated savings', value: { ...valid, estimatedMonthlySavingsUsd: -5 }, field: 'recommendations[0].estimatedMonthlySavingsUsd' },
    { why: 'a missing impact', value: { title: 't', description: 'd', priority: 'low', category: 'cost' }, field: 'recommendations[0].impact' },
  ];

  it.each(invalidRecommendations)('refuses $why, naming $field, and leaves the analysis in progress', ({ value, field }) => {
    const a = started();
    let caught: unknown;
    try {
      a.complete(context(), completion({ recommendations: [value] }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidRecommendationError);
    expect(caught).toBeInstanceOf(ModelOutputError);
    expect((caught as Error).message).toContain(field);
    expect((caught as ModelOutputError).exitCode).toBe(1);
    expect(a.status).toBe('in_progress');
    expect(a.toRecord().recommendations).toEqual([]);
    expect(a.pullEvents()).toEqual([]);
  });

  it('names the index of the bad recommendation among several', () => {
    const a = started();
    expect(() => a.complete(context(), completion({ recommendations: [valid, valid, { ...valid, priority: 'p0' }] })))
      .toThrow(/recommendations\[2\]\.priority/);
  });

  it('accepts the limits exactly: a 200-character title and a 2000-character description', () => {
    const a = started();
    a.complete(context(), completion({ recommendations: [{ ...valid, title: 't'.repeat(200), description: 'd'.repeat(2000) }] }));
    expect(a.status).toBe('completed');
  });

  it('accepts every documented priority, category and impact with the optional fields', () => {
    const all = ['critical', 'high', 'medium', 'low'].flatMap((priority) =>
      ['architecture', 'security', 'performance', 'cost', 'compliance', 'maintenance', 'deployment'].flatMap((category) =>
        ['high', 'medium', 'low'].map((impact) => ({
          title: `${priority} ${category} ${impact}`, description: 'd', priority, category, impact,
          implementationEffort: 'medium', estimatedMonthlySavingsUsd: 12.5, risks: ['r'], benefits: ['b'],
        }))));
    const a = started();
    a.complete(context(), completion({ recommendations: all }));
    expect(a.toRecord().recommendations).toHaveLength(4 * 7 * 3);
  });

  it.each([-0.01, 1.01, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'refuses confidence %s with a ModelOutputError and leaves the analysis in progress',
    (confidenceScore) => {
      const a = started();
      expect(() => a.complete(context(), completion({ confidenceScore }))).toThrow(ModelOutputError);
      expect(a.status).toBe('in_progress');
      expect(a.pullEvents()).toEqual([]);
    },
  );

  it.each([0, 0.5, 1])('accepts confidence %s', (confidenceScore) => {
    const a = started();
    a.complete(context(), completion({ confidenceScore }));
    expect(a.toRecord().confidenceScore).toBe(confidenceScore);
  });

  it('reports an illegal transition before validating the result', () => {
    const a = newAnalysis();
    expect(() => a.complete(context(), completion({ confidenceScore: 7 }))).toThrow(IllegalTransitionError);
  });
});

describe('AIAnalysis records', () => {
  it('round-trips through toRecord and fromRecord', () => {
    const a = started();
    a.complete(context(), completion());
    const copy = AIAnalysis.fromRecord(a.toRecord());
    expect(copy.toRecord()).toEqual(a.toRecord());
    expect(copy.status).toBe('completed');
    expect(copy.pullEvents()).toEqual([]);
  });

  it('toRecord returns a copy that cannot change the aggregate', () => {
    const a = started();
    const record = a.toRecord();
    record.status = 'completed';
    (record.input as { requirements: string }).requirements = 'tampered';
    expect(a.status).toBe('in_progress');
    expect(a.toRecord().input).toEqual({ requirements: MARKER });
  });

  it('fromRecord copies its argument, so the caller cannot change the aggregate afterwards', () => {
    const record = newAnalysis().toRecord();
    const a = AIAnalysis.fromRecord(record);
    record.status = 'failed';
    expect(a.status).toBe('pending');
  });

  it('a restored in-progress analysis keeps counting retries from its stored count', () => {
    const record = { ...newAnalysis().toRecord(), status: 'in_progress' as const, retryCount: 2 };
    const a = AIAnalysis.fromRecord(record);
    a.retry(context(), 'lease_expired');
    expect(a.retryCount).toBe(3);
  });
});
