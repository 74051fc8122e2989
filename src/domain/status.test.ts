import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from './errors.js';
import { assertTransition, canTransition, isTerminal, STATUSES, TERMINAL_STATUSES, type Status } from './status.js';

/** The lifecycle as DESIGN.md states it, written out independently of status.ts. */
const LEGAL: Record<Status, Status[]> = {
  pending: ['queued', 'in_progress', 'cancelled'],
  queued: ['in_progress', 'cancelled', 'timeout'],
  in_progress: ['completed', 'failed', 'cancelled', 'timeout'],
  completed: [],
  failed: [],
  cancelled: [],
  timeout: ['queued'],
};

const ALL_PAIRS = STATUSES.flatMap((from) => STATUSES.map((to) => ({ from, to, legal: LEGAL[from].includes(to) })));

describe('status machine', () => {
  it('has exactly the seven statuses of the lifecycle', () => {
    expect([...STATUSES]).toEqual(['pending', 'queued', 'in_progress', 'completed', 'failed', 'cancelled', 'timeout']);
  });

  it.each(ALL_PAIRS.filter((p) => p.legal))('allows $from → $to', ({ from, to }) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition('analysis', 'a-1', from, to)).not.toThrow();
  });

  it.each(ALL_PAIRS.filter((p) => !p.legal))('refuses $from → $to with IllegalTransitionError', ({ from, to }) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition('generation', 'g-7', from, to)).toThrow(IllegalTransitionError);
  });

  it('counts 11 legal and 38 illegal transitions among the 49 pairs', () => {
    expect(ALL_PAIRS.filter((p) => p.legal)).toHaveLength(11);
    expect(ALL_PAIRS.filter((p) => !p.legal)).toHaveLength(38);
  });

  it('names the aggregate kind, id and both statuses in the illegal-transition error', () => {
    const error = (() => {
      try {
        assertTransition('analysis', 'an-42', 'completed', 'in_progress');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(IllegalTransitionError);
    const typed = error as IllegalTransitionError;
    expect(typed.message).toBe('analysis an-42 cannot go from completed to in_progress');
    expect({ kind: typed.kind, id: typed.id, from: typed.from, to: typed.to }).toEqual({
      kind: 'analysis', id: 'an-42', from: 'completed', to: 'in_progress',
    });
    expect(typed.code).toBe('illegal_transition');
    expect(typed.httpStatus).toBe(409);
  });

  it.each(STATUSES.map((s) => ({ status: s, terminal: ['completed', 'failed', 'cancelled', 'timeout'].includes(s) })))(
    'treats $status as terminal: $terminal',
    ({ status, terminal }) => {
      expect(isTerminal(status)).toBe(terminal);
      expect(TERMINAL_STATUSES.has(status)).toBe(terminal);
    },
  );

  it('leaves completed, failed and cancelled with no way out, and timeout only back to queued', () => {
    for (const status of ['completed', 'failed', 'cancelled'] as const) {
      expect(STATUSES.filter((to) => canTransition(status, to))).toEqual([]);
    }
    expect(STATUSES.filter((to) => canTransition('timeout', to))).toEqual(['queued']);
  });

  it('never allows a status to transition to itself', () => {
    for (const status of STATUSES) expect(canTransition(status, status)).toBe(false);
  });
});
