import { describe, expect, it } from 'vitest';
import type { ChangeContext } from './aggregate-context.js';
import { AIAnalysis } from './ai-analysis.js';
import { CodeGeneration } from './code-generation.js';
import { IllegalTransitionError } from './errors.js';
import type { DomainEvent } from './events.js';
import { STATUSES, type Status } from './status.js';
import { ZERO_TOKENS } from './token-usage.js';

/** The aggregate methods that move the status, by the status each one leads to. */
type Operation = 'queue' | 'start' | 'succeed' | 'fail' | 'cancel' | 'timeOut' | 'retry';

const TARGET: Record<Operation, Status> = {
  queue: 'queued', start: 'in_progress', succeed: 'completed', fail: 'failed', cancel: 'cancelled', timeOut: 'timeout', retry: 'queued',
};

/** Written out by hand from the lifecycle, so a change to status.ts cannot silently change both sides. */
const LEGAL_FROM: Record<Operation, Status[]> = {
  queue: ['pending'],
  start: ['pending', 'queued'],
  succeed: ['in_progress'],
  fail: ['in_progress'],
  cancel: ['pending', 'queued', 'in_progress'],
  timeOut: ['queued', 'in_progress'],
  // A timed-out job has ended; retry() takes an unfinished run back to the queue.
  retry: ['in_progress'],
};

/** The shortest legal path from `pending` to each status. */
const PATH_TO: Record<Status, Operation[]> = {
  pending: [],
  queued: ['queue'],
  in_progress: ['start'],
  completed: ['start', 'succeed'],
  failed: ['start', 'fail'],
  cancelled: ['cancel'],
  timeout: ['queue', 'timeOut'],
};

interface Driven {
  status: () => Status;
  retryCount: () => number;
  record: () => unknown;
  pullEvents: () => DomainEvent[];
  apply: (op: Operation, ctx: ChangeContext) => void;
}

function context(): ChangeContext {
  let n = 0;
  return { now: '2025-03-01T10:00:00.000Z', newId: () => `evt-${++n}` };
}

const identity = { orgId: 'org-1', userId: 'user-1' };

function drivenAnalysis(): Driven {
  const a = AIAnalysis.create({ id: 'an-1', identity, projectId: 'p-1', analysisType: 'requirements', now: '2025-03-01T09:00:00.000Z' });
  const ops: Record<Operation, (ctx: ChangeContext) => void> = {
    queue: () => a.queue({ requirements: 'text' }, []),
    start: (ctx) => a.start(ctx),
    succeed: (ctx) => a.complete(ctx, {
      output: {}, recommendations: [], confidenceScore: 0.5, tokensUsed: { ...ZERO_TOKENS }, costMicroUsd: 0, model: 'm', cached: false,
    }),
    fail: (ctx) => a.fail(ctx, 'boom'),
    cancel: (ctx) => a.cancel(ctx),
    timeOut: (ctx) => a.timeOut(ctx),
    retry: (ctx) => a.retry(ctx, 'lease_expired'),
  };
  return { status: () => a.status, retryCount: () => a.retryCount, record: () => a.toRecord(), pullEvents: () => a.pullEvents(), apply: (op, ctx) => ops[op](ctx) };
}

function drivenGeneration(): Driven {
  const g = CodeGeneration.create({ id: 'gen-1', identity, projectId: 'p-1', generationType: 'service', now: '2025-03-01T09:00:00.000Z' });
  const ops: Record<Operation, (ctx: ChangeContext) => void> = {
    queue: () => g.queue({ specification: { name: 'x' }, templateContext: {} }, []),
    start: (ctx) => g.start(ctx),
    succeed: (ctx) => g.finish(ctx, {
      files: [], validationResults: [], findings: [], tokensUsed: { ...ZERO_TOKENS }, costMicroUsd: 0, model: 'm', cached: false,
    }),
    fail: (ctx) => g.fail(ctx, 'boom'),
    cancel: (ctx) => g.cancel(ctx),
    timeOut: (ctx) => g.timeOut(ctx),
    retry: (ctx) => g.retry(ctx, 'lease_expired'),
  };
  return { status: () => g.status, retryCount: () => g.retryCount, record: () => g.toRecord(), pullEvents: () => g.pullEvents(), apply: (op, ctx) => ops[op](ctx) };
}

function driveTo(make: () => Driven, status: Status): Driven {
  const driven = make();
  const ctx = context();
  for (const op of PATH_TO[status]) driven.apply(op, ctx);
  expect(driven.status()).toBe(status);
  driven.pullEvents();
  return driven;
}

const OPERATIONS = Object.keys(TARGET) as Operation[];
const CASES = OPERATIONS.flatMap((op) => STATUSES.map((from) => ({ op, from, to: TARGET[op], legal: LEGAL_FROM[op].includes(from) })));

describe.each([
  { name: 'AIAnalysis', make: drivenAnalysis },
  { name: 'CodeGeneration', make: drivenGeneration },
])('$name lifecycle', ({ make }) => {
  it('starts pending with no retries and no events', () => {
    const driven = make();
    expect(driven.status()).toBe('pending');
    expect(driven.retryCount()).toBe(0);
    expect(driven.pullEvents()).toEqual([]);
  });

  it.each(CASES.filter((c) => c.legal))('$op moves $from → $to', ({ op, from, to }) => {
    const driven = driveTo(make, from);
    driven.apply(op, context());
    expect(driven.status()).toBe(to);
  });

  it.each(CASES.filter((c) => !c.legal))('$op from $from raises IllegalTransitionError and changes nothing', ({ op, from }) => {
    const driven = driveTo(make, from);
    const before = driven.record();
    expect(() => driven.apply(op, context())).toThrow(IllegalTransitionError);
    expect(driven.status()).toBe(from);
    expect(driven.record()).toEqual(before);
    expect(driven.pullEvents()).toEqual([]);
  });

  it('counts each retry: in_progress → queued → in_progress → queued gives 2', () => {
    const driven = driveTo(make, 'in_progress');
    const ctx = context();
    driven.apply('retry', ctx);
    expect(driven.retryCount()).toBe(1);
    driven.apply('start', ctx);
    driven.apply('retry', ctx);
    expect(driven.status()).toBe('queued');
    expect(driven.retryCount()).toBe(2);
  });

  it('can complete after a retry', () => {
    const driven = driveTo(make, 'in_progress');
    const ctx = context();
    driven.apply('retry', ctx);
    driven.apply('start', ctx);
    driven.apply('succeed', ctx);
    expect(driven.status()).toBe('completed');
    expect(driven.retryCount()).toBe(1);
  });

  it('does not count a retry that was refused', () => {
    const driven = driveTo(make, 'failed');
    expect(() => driven.apply('retry', context())).toThrow(IllegalTransitionError);
    expect(driven.retryCount()).toBe(0);
  });
});
