/**
 * Sanitizer benchmark: throughput over a mixed input (1, 5, 10 MB: linear?), then secretlint's
 * recommended preset over the same 10 MB, then recall / benign-kept of both on the labelled corpus.
 *
 *   npx tsx bench/sanitize.ts            # full run (secretlint over 10 MB takes a while)
 *   npx tsx bench/sanitize.ts --quick    # 1 MB secretlint throughput instead of 10 MB
 */
import { availableParallelism, loadavg } from 'node:os';
import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import { PERSONAL_TYPES, RedactionSession, sanitizeText } from '../src/sanitize/index.js';
import type { Span } from '../test/sanitize/corpus/index.js';
import { buildCorpus, buildMixedText, formatTable, keptByCategory, overall, recallByType } from '../test/sanitize/corpus/index.js';

const MB = 1_000_000;
const quick = process.argv.includes('--quick');
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Wall-clock and on-CPU milliseconds (the second is less disturbed by other processes on a shared machine). */
function timeOnce(run: () => void): { wall: number; cpu: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  run();
  const used = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
}

async function timeOnceAsync(run: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await run();
  return performance.now() - t;
}

type LintOptions = Parameters<typeof lintSource>[0]['options'];
const SECRETLINT_OPTIONS: LintOptions = {
  config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }] },
  maskSecrets: true,
  noPhysicFilePath: true,
};

/** secretlint picks some rules by file extension (its GCP rule needs .json): give it the context's. */
const EXTENSION: Readonly<Record<string, string>> = {
  env: '.env', envQuoted: '.sh', yaml: '.yaml', yamlQuoted: '.yaml', json: '.json', toml: '.toml', ini: '.ini', xml: '.xml',
  js: '.js', python: '.py', go: '.go', java: '.java', cli: '.sh', markdown: '.md', k8s: '.yaml', compose: '.yaml',
  pythonDict: '.py', csv: '.csv',
};

function fileNameFor(context: string, text: string): string {
  if (context === 'raw' && text.trimStart().startsWith('{')) return 'input.json';
  return `input${EXTENSION[context] ?? '.txt'}`;
}

async function secretlintSpans(text: string, filePath = 'input.txt'): Promise<Span[]> {
  const result = await lintSource({
    source: { content: text, filePath, contentType: 'text' },
    options: SECRETLINT_OPTIONS,
  });
  return result.messages.map((m) => ({ start: m.range[0], end: m.range[1] }));
}

function row(label: string, bytes: number, ms: number, findings: number, cpuMs?: number): string {
  const mbs = (t: number) => ((bytes / MB) / (t / 1000)).toFixed(1).padStart(7);
  const cpu = cpuMs === undefined ? '' : `   (on-CPU ${cpuMs.toFixed(0)} ms, ${mbs(cpuMs).trim()} MB/s)`;
  return `  ${label.padEnd(24)} ${(bytes / MB).toFixed(1).padStart(5)} MB ${ms.toFixed(0).padStart(7)} ms ${mbs(ms)} MB/s ${String(findings).padStart(7)} findings${cpu}`;
}

/** A JSON document of order records; one string per record is a corpus text (secrets or look-alikes). */
function jsonRecords(): { items: unknown[] } {
  const corpus = buildCorpus(3, 4, 4);
  const items = Array.from({ length: 3000 }, (_, i) => ({
    id: `order-${i}`,
    status: 'shipped',
    total: i * 3.5,
    customer: { name: 'Ada', note: 'leave at the door', tags: ['vip', 'eu'] },
    log: corpus.benign[i % corpus.benign.length]?.text,
    extra: corpus.planted[i % corpus.planted.length]?.text,
  }));
  return { items };
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const ten = buildMixedText(10 * MB);
  const sizes = [1, 5, 10].map((n) => ten.slice(0, n * MB));

  for (let i = 0; i < 3; i++) sanitizeText(ten); // warm-up: regex tier-up to native code, JIT
  console.log(`\nskafu-ai sanitizer (sanitizeText; fastest and median of ${RUNS} runs per size)`);
  const perMb: number[] = [];
  for (const text of sizes) {
    let findings = 0;
    const runs = Array.from({ length: RUNS }, () => timeOnce(() => {
      findings = sanitizeText(text).findings.length;
    }));
    const fastest = Math.min(...runs.map((r) => r.wall));
    perMb.push(fastest / (text.length / MB));
    console.log(row('mixed input, fastest', text.length, fastest, findings));
    console.log(row('mixed input, median', text.length, median(runs.map((r) => r.wall)), findings, median(runs.map((r) => r.cpu))));
  }
  console.log(`  linearity: ms per MB at 1/5/10 MB = ${perMb.map((x) => x.toFixed(1)).join(' / ')} (ratio 10 MB vs 1 MB: ${((perMb[2] ?? 0) / (perMb[0] ?? 1)).toFixed(2)})`);

  const records = jsonRecords();
  const jsonBytes = JSON.stringify(records).length;
  for (let i = 0; i < 3; i++) new RedactionSession().redactJson(records); // warm-up
  let jsonFindings = 0;
  const jsonRuns = Array.from({ length: RUNS }, () => timeOnce(() => {
    jsonFindings = new RedactionSession().redactJson(records).findings.length;
  }).wall);
  console.log(`\nskafu-ai redactJson over ${records.items.length} records (many short strings); fastest and median of ${RUNS}`);
  console.log(row('JSON tree, fastest', jsonBytes, Math.min(...jsonRuns), jsonFindings));
  console.log(row('JSON tree, median', jsonBytes, median(jsonRuns), jsonFindings));

  const lintText = quick ? sizes[0] ?? '' : ten;
  await secretlintSpans(lintText); // warm-up
  let lintFindings = 0;
  const lintRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    lintRuns.push(await timeOnceAsync(async () => {
      lintFindings = (await secretlintSpans(lintText)).length;
    }));
  }
  console.log('\nsecretlint 11 (@secretlint/core lintSource + preset-recommend), same input; fastest and median of 3');
  console.log(row('mixed input, fastest', lintText.length, Math.min(...lintRuns), lintFindings));
  console.log(row('mixed input, median', lintText.length, median(lintRuns), lintFindings));

  const corpus = buildCorpus();
  const ours = (text: string) => sanitizeText(text).findings;
  const lintCache = new Map<string, Span[]>();
  for (const item of corpus.planted) lintCache.set(item.text, await secretlintSpans(item.text, fileNameFor(item.context, item.text)));
  for (const item of corpus.benign) lintCache.set(item.text, await secretlintSpans(item.text));
  const theirs = (text: string) => lintCache.get(text) ?? [];
  const personal = new Set<string>(PERSONAL_TYPES);
  const secrets = corpus.planted.filter((p) => !personal.has(p.type));

  console.log(`\ncorpus: ${corpus.planted.length} planted values (${secrets.length} secrets), ${corpus.benign.length} benign look-alikes`);
  const oursRecall = recallByType(corpus.planted, ours);
  const theirsRecall = recallByType(secrets, theirs, 'detected');
  console.log(formatTable('skafu-ai recall by type (value fully redacted)', oursRecall));
  console.log(formatTable('secretlint recall by type (secrets only, it has no personal-data rules; a reported range overlapping the value counts)', theirsRecall));
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`  on secrets only: skafu-ai ${pct(overall(recallByType(secrets, ours)).rate)} redacted; secretlint ${pct(overall(theirsRecall).rate)} detected, ${pct(overall(recallByType(secrets, theirs)).rate)} with a range covering the whole value`);
  console.log(`  benign kept: skafu-ai ${(overall(keptByCategory(corpus.benign, ours)).rate * 100).toFixed(1)}%, secretlint ${(overall(keptByCategory(corpus.benign, theirs)).rate * 100).toFixed(1)}%`);
}

await main();
