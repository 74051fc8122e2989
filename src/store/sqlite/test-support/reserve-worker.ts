/**
 * A separate process reserving against a shared SQLite file, for the multi-process tests. Started
 * with `fork(this file, [JSON options], { execArgv: ['--import', 'tsx'] })`; it opens the store,
 * reports `ready`, waits for `go` so every worker starts together, then reserves `attempts` times
 * (settling each admitted call) and reports its counts.
 */
import { randomUUID } from 'node:crypto';
import { createSqliteStore } from '../index.js';

export interface ReserveWorkerOptions {
  path: string;
  attempts: number;
  requestKey: string;
  requestLimit: number;
  usdKey: string;
  usdReserve: number;
  usdActual: number;
}

export interface ReserveWorkerReport {
  admitted: number;
  refused: number;
  settled: number;
  errors: string[];
}

async function main(options: ReserveWorkerOptions): Promise<ReserveWorkerReport> {
  const store = createSqliteStore({ path: options.path, busyTimeoutMs: 30_000 });
  await store.init();
  process.send?.({ type: 'ready' });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const report: ReserveWorkerReport = { admitted: 0, refused: 0, settled: 0, errors: [] };
  const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
  for (let i = 0; i < options.attempts; i += 1) {
    const reservationId = randomUUID();
    const now = new Date().toISOString();
    const outcome = await store.quota.reserve({
      reservationId,
      increments: [
        { key: options.requestKey, amount: 1, limit: options.requestLimit, expiresAt },
        { key: options.usdKey, amount: options.usdReserve, limit: null, expiresAt },
      ],
      leaseExpiresAt: new Date(Date.now() + 60_000).toISOString(),
      now,
    });
    if (!outcome.ok) {
      report.refused += 1;
      continue;
    }
    report.admitted += 1;
    const settled = await store.quota.settle({
      reservationId,
      actual: [{ key: options.requestKey, amount: 1, expiresAt }, { key: options.usdKey, amount: options.usdActual, expiresAt }],
      usage: {
        ledger: {
          id: randomUUID(), orgId: 'org-mp', userId: `pid-${process.pid}`, operation: 'project_analysis', model: 'claude-sonnet-5-5',
          aggregateId: null, tokens: { input: 10, output: 5, cacheCreation: 0, cacheRead: 0 }, costMicroUsd: options.usdActual,
          latencyMs: 1, status: 'success', cached: false, occurredAt: now,
        },
        rollups: [{ scope: 'org:org-mp', day: now.slice(0, 10), operation: 'project_analysis', model: 'claude-sonnet-5-5', fields: { requests: 1, costMicroUsd: options.usdActual } }],
      },
      now,
    });
    if (settled) report.settled += 1;
  }
  await store.close();
  return report;
}

const options = JSON.parse(process.argv[2] ?? '{}') as ReserveWorkerOptions;
main(options).then(
  (report) => process.send?.({ type: 'report', report }, () => process.exit(0)),
  (error: unknown) => {
    process.send?.({ type: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }, () => process.exit(1));
  },
);
