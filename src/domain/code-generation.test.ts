import { describe, expect, it } from 'vitest';
import type { ChangeContext } from './aggregate-context.js';
import { CodeGeneration, type GenerationOutcome } from './code-generation.js';
import { IllegalTransitionError } from './errors.js';
import type { Finding, ValidationResult } from './validation-result.js';

const MARKER = 'SANITIZED-SPEC-MARKER-41c9';
const identity = { orgId: 'org-9', userId: 'user-3' };

function context(now = '2025-03-01T10:00:00.000Z'): ChangeContext {
  let n = 0;
  return { now, newId: () => `evt-${++n}` };
}

function newGeneration(): CodeGeneration {
  return CodeGeneration.create({ id: 'gen-1', identity, projectId: 'proj-2', generationType: 'service', now: '2025-03-01T09:00:00.000Z' });
}

function started(): CodeGeneration {
  const g = newGeneration();
  g.start(context(), { specification: { name: MARKER }, templateContext: { region: MARKER } }, []);
  g.pullEvents();
  return g;
}

function result(fileName: string, isValid = true, errors: string[] = []): ValidationResult {
  return { fileName, isValid, language: 'python', errors, warnings: [], metrics: { linesOfCode: 10, complexity: 2 } };
}

function finding(file: string, severity: Finding['severity'], message = 'something', line = 3): Finding {
  return { file, line, column: 1, ruleId: 'rule', category: severity === 'error' ? 'CWE-89' : 'quality', severity, message };
}

const files = [
  { path: 'src/handler.py', content: 'def handler(event, context):\n    return {}\n' },
  { path: 'template.yaml', content: 'Resources: {}\n' },
];

function outcome(overrides: Partial<GenerationOutcome> = {}): GenerationOutcome {
  return {
    files,
    validationResults: [result('src/handler.py'), result('template.yaml', true)],
    findings: [],
    tokensUsed: { input: 3000, output: 9000, cacheCreation: 0, cacheRead: 0 },
    costMicroUsd: 144_000,
    model: 'claude-sonnet-5-5',
    cached: false,
    ...overrides,
  };
}

describe('CodeGeneration.create', () => {
  it('records the owner, project and type with empty results', () => {
    expect(newGeneration().toRecord()).toMatchObject({
      id: 'gen-1', orgId: 'org-9', userId: 'user-3', projectId: 'proj-2', generationType: 'service', status: 'pending',
      specification: null, templateContext: null, files: [], validationResults: [], findings: [], costMicroUsd: 0,
      cached: false, model: null, retryCount: 0, version: 0, startedAt: null, completedAt: null, errorMessage: null,
    });
  });
});

describe('CodeGeneration.queue and start', () => {
  it('queue stores the sanitized specification, context and redactions and records no event', () => {
    const g = newGeneration();
    g.queue({ specification: { name: 'bookings' }, templateContext: { region: 'eu-west-1' } }, [{ type: 'email', count: 1 }]);
    expect(g.toRecord()).toMatchObject({
      status: 'queued', specification: { name: 'bookings' }, templateContext: { region: 'eu-west-1' }, redactions: [{ type: 'email', count: 1 }],
    });
    expect(g.pullEvents()).toEqual([]);
  });

  it('start after queue keeps the queued specification and stamps startedAt', () => {
    const g = newGeneration();
    g.queue({ specification: { name: 'bookings' }, templateContext: null }, []);
    g.start(context('2025-03-01T09:15:00.000Z'));
    expect(g.toRecord()).toMatchObject({ status: 'in_progress', specification: { name: 'bookings' }, startedAt: '2025-03-01T09:15:00.000Z' });
  });
});

describe('CodeGeneration.finish', () => {
  it('completes when every file is valid and no finding is an error, keeping files and findings', () => {
    const g = started();
    const warnings = [finding('src/handler.py', 'warning'), finding('template.yaml', 'info')];
    g.finish(context('2025-03-01T10:02:00.000Z'), outcome({ findings: warnings }));
    expect(g.toRecord()).toMatchObject({
      status: 'completed', files, findings: warnings, errorMessage: null, completedAt: '2025-03-01T10:02:00.000Z',
      costMicroUsd: 144_000, model: 'claude-sonnet-5-5', tokensUsed: { input: 3000, output: 9000 },
    });
  });

  it('records CodeGenerationCompleted with the generated paths, cache flag and cost', () => {
    const g = started();
    g.finish(context(), outcome({ cached: true, costMicroUsd: 0 }));
    const events = g.pullEvents();
    expect(events.map((e) => e.name)).toEqual(['CodeGenerationCompleted']);
    expect(events[0]).toMatchObject({ orgId: 'org-9', aggregateId: 'gen-1', id: 'evt-1' });
    expect(events[0]?.payload).toEqual({
      projectId: 'proj-2', generationType: 'service', generatedFiles: ['src/handler.py', 'template.yaml'], cached: true, costMicroUsd: 0,
    });
  });

  it('fails when any finding has severity error, keeping files, findings and validation results', () => {
    const g = started();
    const findings = [finding('src/handler.py', 'error', 'SQL built from input', 12), finding('template.yaml', 'warning')];
    const validationResults = [result('src/handler.py', false, ['SQL built from input']), result('template.yaml')];
    g.finish(context(), outcome({ findings, validationResults }));
    const record = g.toRecord();
    expect(record.status).toBe('failed');
    expect(record.files).toEqual(files);
    expect(record.findings).toEqual(findings);
    expect(record.validationResults).toEqual(validationResults);
    expect(record.costMicroUsd).toBe(144_000);
    expect(record.errorMessage).toBe('Generated code failed validation with 1 error(s): src/handler.py:12: CWE-89 SQL built from input.');
  });

  it('fails on an error finding even when the validation results claim every file is valid', () => {
    const g = started();
    g.finish(context(), outcome({ findings: [finding('template.yaml', 'error')] }));
    expect(g.status).toBe('failed');
  });

  it('fails when a file is invalid even without any error finding', () => {
    const g = started();
    g.finish(context(), outcome({ validationResults: [result('src/handler.py', false, ['line 2: invalid syntax']), result('template.yaml')] }));
    expect(g.status).toBe('failed');
    expect(g.toRecord().errorMessage).toContain('src/handler.py: line 2: invalid syntax');
    expect(g.pullEvents()[0]?.payload).toEqual({ projectId: 'proj-2', errors: ['src/handler.py: line 2: invalid syntax'] });
  });

  it('ends the message with one full stop when the last finding already ends with one', () => {
    const g = started();
    g.finish(context(), outcome({ findings: [finding('src/handler.py', 'error', 'eval() of request data is evaluated as code.', 3)] }));
    expect(g.toRecord().errorMessage).toBe('Generated code failed validation with 1 error(s): src/handler.py:3: CWE-89 eval() of request data is evaluated as code.');
  });

  it('counts an invalid file that gives no message as one error', () => {
    const g = started();
    g.finish(context(), outcome({ validationResults: [result('src/handler.py', false, [])] }));
    expect(g.status).toBe('failed');
    expect(g.toRecord().errorMessage).toBe('Generated code failed validation with 1 error(s): src/handler.py: invalid.');
  });

  it('does not repeat a file\'s errors already reported as findings', () => {
    const g = started();
    g.finish(context(), outcome({
      findings: [finding('src/handler.py', 'error', 'eval of input', 4)],
      validationResults: [result('src/handler.py', false, ['eval of input'])],
    }));
    expect(g.pullEvents()[0]?.payload).toEqual({ projectId: 'proj-2', errors: ['src/handler.py:4: CWE-89 eval of input'] });
  });

  it('caps the failure event at 50 messages and the error message at three plus a count', () => {
    const g = started();
    const many = Array.from({ length: 60 }, (_, i) => finding(`f${i}.py`, 'error', 'bad', i + 1));
    g.finish(context(), outcome({ findings: many }));
    const event = g.pullEvents()[0];
    expect(event?.name).toBe('CodeGenerationFailed');
    expect((event?.payload as { errors: string[] }).errors).toHaveLength(50);
    expect(g.toRecord().errorMessage).toBe('Generated code failed validation with 60 error(s): f0.py:1: CWE-89 bad; f1.py:2: CWE-89 bad; f2.py:3: CWE-89 bad (and 57 more).');
  });

  it('copies what it is given, so later changes by the caller do not reach the aggregate', () => {
    const g = started();
    const given = outcome({ files: [{ path: 'a.py', content: 'x = 1\n' }] });
    g.finish(context(), given);
    given.files[0]!.content = 'tampered';
    expect(g.toRecord().files[0]?.content).toBe('x = 1\n');
  });

  it('is only possible in progress', () => {
    const g = newGeneration();
    expect(() => g.finish(context(), outcome())).toThrow(IllegalTransitionError);
    expect(g.status).toBe('pending');
    const done = started();
    done.finish(context(), outcome());
    expect(() => done.finish(context(), outcome())).toThrow(IllegalTransitionError);
  });
});

describe('CodeGeneration events', () => {
  it('CodeGenerationStarted carries the project and generation type', () => {
    const g = newGeneration();
    g.start(context('2025-03-01T09:30:00.000Z'));
    expect(g.pullEvents()).toEqual([{
      id: 'evt-1', name: 'CodeGenerationStarted', occurredAt: '2025-03-01T09:30:00.000Z', orgId: 'org-9', aggregateId: 'gen-1',
      payload: { projectId: 'proj-2', generationType: 'service' },
    }]);
  });

  it.each([
    { transition: 'fail', name: 'CodeGenerationFailed', payload: { projectId: 'proj-2', errors: ['The model refused to answer.'] } },
    { transition: 'cancel', name: 'CodeGenerationCancelled', payload: { projectId: 'proj-2' } },
    { transition: 'timeOut', name: 'CodeGenerationTimedOut', payload: { projectId: 'proj-2' } },
  ] as const)('$transition records $name', ({ transition, name, payload }) => {
    const g = started();
    if (transition === 'fail') g.fail(context(), 'The model refused to answer.');
    else if (transition === 'cancel') g.cancel(context());
    else g.timeOut(context());
    const events = g.pullEvents();
    expect(events.map((e) => e.name)).toEqual([name]);
    expect(events[0]?.payload).toEqual(payload);
  });

  it('never puts the specification or template context into an event payload', () => {
    const g = newGeneration();
    const ctx = context();
    g.queue({ specification: { name: MARKER, endpoints: [MARKER] }, templateContext: { tags: { owner: MARKER } } }, []);
    g.start(ctx);
    g.retry(ctx, 'lease_expired');
    g.start(ctx);
    g.finish(ctx, outcome({ findings: [finding('src/handler.py', 'error')] }));
    const events = g.pullEvents();
    expect(events.map((e) => e.name)).toEqual(['CodeGenerationStarted', 'CodeGenerationRetried', 'CodeGenerationStarted', 'CodeGenerationFailed']);
    expect(JSON.stringify(events)).not.toContain(MARKER);
  });

  it('pullEvents drains', () => {
    const g = newGeneration();
    g.start(context());
    expect(g.pullEvents()).toHaveLength(1);
    expect(g.pullEvents()).toEqual([]);
  });
});

describe('CodeGeneration fail, timeout and retry', () => {
  it('fail keeps the usage already billed', () => {
    const g = started();
    g.fail(context(), 'Output was cut off at max_tokens.', { tokensUsed: { input: 10, output: 16384, cacheCreation: 0, cacheRead: 0 }, costMicroUsd: 245_790, model: 'claude-sonnet-5-5' });
    expect(g.toRecord()).toMatchObject({ status: 'failed', errorMessage: 'Output was cut off at max_tokens.', costMicroUsd: 245_790, tokensUsed: { output: 16384 } });
  });

  it('timeOut explains itself, records CodeGenerationTimedOut, and cannot be retried', () => {
    const g = started();
    g.timeOut(context('2025-03-01T12:00:00.000Z'));
    expect(g.toRecord()).toMatchObject({ status: 'timeout', errorMessage: 'The generation did not finish in time.', completedAt: '2025-03-01T12:00:00.000Z' });
    expect(() => g.retry(context(), 'lease_expired')).toThrow(IllegalTransitionError);
    expect(g.pullEvents().map((e) => e.name)).toEqual(['CodeGenerationTimedOut']);
  });

  it('retry queues an unfinished run again, counts it and records CodeGenerationRetried, never CodeGenerationTimedOut', () => {
    const g = started();
    g.retry(context('2025-03-01T12:00:00.000Z'), 'handed_back');
    expect(g.toRecord()).toMatchObject({ status: 'queued', errorMessage: null, completedAt: null, retryCount: 1 });
    expect(g.pullEvents()).toEqual([{
      id: 'evt-1', name: 'CodeGenerationRetried', occurredAt: '2025-03-01T12:00:00.000Z', orgId: 'org-9', aggregateId: 'gen-1',
      payload: { projectId: 'proj-2', attempt: 2, reason: 'handed_back' },
    }]);
  });

  it('round-trips through toRecord and fromRecord', () => {
    const g = started();
    g.finish(context(), outcome());
    expect(CodeGeneration.fromRecord(g.toRecord()).toRecord()).toEqual(g.toRecord());
  });
});
