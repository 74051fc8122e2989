/**
 * Reserve+settle pairs per second on one SQLite file, from 1 process and from 2 processes sharing
 * it. Usage: npx tsx bench/store-contention.ts [--seconds 10] [--processes 1,2]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runWorkers } from '../src/store/sqlite/test-support/fork-workers.js';
import type { ContentionWorkerOptions, ContentionWorkerReport } from './store-contention-worker.js';

const WORKER = fileURLToPath(new URL('./store-contention-worker.ts', import.meta.url));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(processes: number, seconds: number): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'skafu-bench-'));
  try {
    const path = join(dir, 'bench.db');
    const args: ContentionWorkerOptions[] = Array.from({ length: processes }, (_, i) => ({ path, durationMs: seconds * 1000, user: `u${i}` }));
    const reports = await runWorkers<ContentionWorkerReport>(WORKER, args, seconds * 1000 + 60_000);
    const pairs = reports.reduce((s, r) => s + r.pairs, 0);
    const latencies = reports.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
    return {
      processes,
      pairs,
      refused: reports.reduce((s, r) => s + r.refused, 0),
      pairsPerSecond: Math.round(pairs / seconds),
      operationsPerSecond: Math.round((2 * pairs) / seconds),
      p50Ms: Number(percentile(latencies, 50).toFixed(3)),
      p99Ms: Number(percentile(latencies, 99).toFixed(3)),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, processes: { type: 'string', default: '1,2' } } });
  const seconds = Number(values.seconds);
  const counts = values.processes.split(',').map(Number);
  const rows = [];
  for (const n of counts) rows.push(await measure(n, seconds));
  console.table(rows);
  console.log(JSON.stringify({ bench: 'store-contention', seconds, node: process.version, rows }));
}

await main();
