import { describe, expect, it } from 'vitest';
import type { RollupRow } from '../../ports/store.js';
import { usageRecord } from './fixtures.js';
import { useFreshStore, type OpenStore } from './opened-store.js';

function sortRows(rows: RollupRow[]): RollupRow[] {
  const key = (r: RollupRow): string => `${r.scope}|${r.day}|${r.operation}|${r.model}`;
  return [...rows].sort((a, b) => key(a).localeCompare(key(b)));
}

/** Usage ledger and daily roll-ups: sums per (scope, day, operation, model), inclusive day ranges. */
export function describeUsageContract(open: OpenStore): void {
  describe('usage: record and roll-ups', () => {
    const store = useFreshStore(open);

    it('returns no rows before anything was recorded', async () => {
      expect(await store().usage.readRollups(['org:org-a'], '2030-01-01', '2030-12-31')).toEqual([]);
    });

    it('sums the fields of every record into one row per scope, day, operation and model', async () => {
      const scopes = ['org:org-a', 'user:org-a:user-1'];
      await store().usage.record(usageRecord({ scopes, day: '2030-01-15', fields: { requests: 1, successful: 1, inputTokens: 100, costMicroUsd: 700, latencyBucket250: 1 } }));
      await store().usage.record(usageRecord({ scopes, day: '2030-01-15', fields: { requests: 1, cached: 1, latencyBucket250: 1, latencyBucket1000: 1 } }));
      const rows = await store().usage.readRollups(scopes, '2030-01-15', '2030-01-15');
      const expected = { requests: 2, successful: 1, cached: 1, inputTokens: 100, costMicroUsd: 700, latencyBucket250: 2, latencyBucket1000: 1 };
      expect(sortRows(rows)).toEqual([
        { scope: 'org:org-a', day: '2030-01-15', operation: 'project_analysis', model: 'claude-sonnet-5-5', fields: expected },
        { scope: 'user:org-a:user-1', day: '2030-01-15', operation: 'project_analysis', model: 'claude-sonnet-5-5', fields: expected },
      ]);
    });

    it('keeps operations and models in separate rows', async () => {
      const scopes = ['org:org-a'];
      await store().usage.record(usageRecord({ scopes, day: '2030-01-15', fields: { requests: 1 } }));
      await store().usage.record(usageRecord({ scopes, day: '2030-01-15', operation: 'code_generation', fields: { requests: 2 } }));
      await store().usage.record(usageRecord({ scopes, day: '2030-01-15', model: 'claude-haiku-4-5', fields: { requests: 3 } }));
      const rows = sortRows(await store().usage.readRollups(scopes, '2030-01-15', '2030-01-15'));
      expect(rows.map((r) => [r.operation, r.model, r.fields.requests])).toEqual([
        ['code_generation', 'claude-sonnet-5-5', 2],
        ['project_analysis', 'claude-haiku-4-5', 3],
        ['project_analysis', 'claude-sonnet-5-5', 1],
      ]);
    });

    it('reads an inclusive day range, across a month boundary, and only the scopes asked', async () => {
      const days = ['2030-01-30', '2030-01-31', '2030-02-01', '2030-02-02', '2030-02-03'];
      for (const day of days) {
        await store().usage.record(usageRecord({ scopes: ['org:org-a', 'org:org-b'], day, fields: { requests: 1 } }));
      }
      const rows = await store().usage.readRollups(['org:org-a'], '2030-01-31', '2030-02-02');
      expect(rows.map((r) => r.day).sort()).toEqual(['2030-01-31', '2030-02-01', '2030-02-02']);
      expect(rows.every((r) => r.scope === 'org:org-a')).toBe(true);
      expect(await store().usage.readRollups([], '2030-01-01', '2030-12-31')).toEqual([]);
      const both = await store().usage.readRollups(['org:org-a', 'org:org-b'], '2030-02-03', '2030-02-03');
      expect(both.map((r) => r.scope).sort()).toEqual(['org:org-a', 'org:org-b']);
    });

    it('adds concurrent records without losing any', async () => {
      await Promise.all(Array.from({ length: 25 }, (_, i) => store().usage.record(
        usageRecord({ scopes: ['org:org-a'], day: '2030-01-15', fields: { requests: 1, outputTokens: i } }),
      )));
      const [row] = await store().usage.readRollups(['org:org-a'], '2030-01-15', '2030-01-15');
      expect(row?.fields).toEqual({ requests: 25, outputTokens: 300 });
    });
  });
}
