/**
 * One process of the store-contention bench: after `go`, runs reserve+settle pairs against the
 * shared SQLite file for `durationMs`, with the five counters a governed call touches, and reports
 * how many pairs it completed and their latencies.
 */
import { randomUUID } from 'node:crypto';
import { createSqliteStore } from '../src/store/sqlite/index.js';

export interface ContentionWorkerOptions {
  path: string;
  durationMs: number;
  user: string;
}

export interface ContentionWorkerReport {
  pairs: number;
  refused: number;
  latenciesMs: number[];
}

async function main(options: ContentionWorkerOptions): Promise<ContentionWorkerReport> {
  const store = createSqliteStore({ path: options.path, busyTimeoutMs: 30_000 });
  await store.init();
  process.send?.({ type: 'ready' });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const day = new Date().toISOString().slice(0, 10);
  const expiresAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const keys = {
    userRequests: `user:${options.user}:requests:project_analysis:${day}`,
    orgRequests: `org:bench:requests:project_analysis:${day}`,
    userTokens: `user:${options.user}:tokens:${day}`,
    orgUsd: `org:bench:usd:${day}`,
    concurrent: `user:${options.user}:concurrent`,
  };
  const report: ContentionWorkerReport = { pairs: 0, refused: 0, latenciesMs: [] };
  const end = performance.now() + options.durationMs;
  while (performance.now() < end) {
    const started = performance.now();
    const reservationId = randomUUID();
    const now = new Date().toISOString();
    const outcome = await store.quota.reserve({
      reservationId,
      increments: [
        { key: keys.userRequests, amount: 1, limit: 1_000_000_000, expiresAt },
        { key: keys.orgRequests, amount: 1, limit: 1_000_000_000, expiresAt },
        { key: keys.userTokens, amount: 5000, limit: null, expiresAt },
        { key: keys.orgUsd, amount: 90_000, limit: null, expiresAt },
        { key: keys.concurrent, amount: 1, limit: 100, expiresAt },
      ],
      leaseExpiresAt: new Date(Date.now() + 120_000).toISOString(),
      now,
    });
    if (!outcome.ok) {
      report.refused += 1;
      continue;
    }
    await store.quota.settle({
      reservationId,
      actual: [
        { key: keys.userRequests, amount: 1, expiresAt },
        { key: keys.orgRequests, amount: 1, expiresAt },
        { key: keys.userTokens, amount: 1800, expiresAt },
        { key: keys.orgUsd, amount: 21_300, expiresAt },
      ],
      usage: {
        ledger: {
          id: randomUUID(), orgId: 'bench', userId: options.user, operation: 'project_analysis', model: 'claude-sonnet-5-5',
          aggregateId: null, tokens: { input: 1200, output: 600, cacheCreation: 0, cacheRead: 0 }, costMicroUsd: 21_300,
          latencyMs: 0, status: 'success', cached: false, occurredAt: now,
        },
        rollups: ['org:bench', `user:bench:${options.user}`].map((scope) => ({
          scope, day, operation: 'project_analysis', model: 'claude-sonnet-5-5',
          fields: { requests: 1, successful: 1, inputTokens: 1200, outputTokens: 600, costMicroUsd: 21_300, latencyMsSum: 0, latencySamples: 1 },
        })),
      },
      now,
    });
    report.pairs += 1;
    report.latenciesMs.push(performance.now() - started);
  }
  await store.close();
  return report;
}

const options = JSON.parse(process.argv[2] ?? '{}') as ContentionWorkerOptions;
main(options).then(
  (report) => process.send?.({ type: 'report', report }, () => process.exit(0)),
  (error: unknown) => {
    process.send?.({ type: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }, () => process.exit(1));
  },
);
