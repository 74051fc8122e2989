/**
 * Validator benchmark: time to validate a 50-file generation with warm parsers (p50/p99 over repeated
 * runs), and — when `bandit` is on PATH — bandit's results beside ours on the Python part of the
 * labelled corpus. Run: `npx tsx bench/validate.ts [--runs 200]`.
 */
import { execFile } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createValidator } from '../src/checks/index.js';
import type { Finding, GeneratedFile } from '../src/domain/validation-result.js';
import type { CorpusBundle, Scored } from '../test/checks/corpus.js';
import { CORPUS_DIR, loadCorpus, ratio, score } from '../test/checks/corpus.js';

const execFileAsync = promisify(execFile);
const FILES_PER_GENERATION = 50;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** A 50-file generation made of corpus files (handlers, helpers, tests, templates, dependency files). */
function generation(corpus: CorpusBundle[]): GeneratedFile[] {
  const pool = corpus.flatMap((b) => b.files.map((f) => ({ ...f, path: `${path.basename(b.dir)}/${f.path}` })));
  return Array.from({ length: FILES_PER_GENERATION }, (_, i) => {
    const file = pool[i % pool.length] as GeneratedFile;
    return { path: `service-${Math.floor(i / pool.length)}/${file.path}`, content: file.content };
  });
}

async function timeValidation(corpus: CorpusBundle[], runs: number): Promise<void> {
  const files = generation(corpus);
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
  const kinds = new Map<string, number>();
  const validator = createValidator();
  const coldStart = performance.now();
  const first = await validator.validateFiles(files);
  const cold = performance.now() - coldStart;
  for (const f of first.files) kinds.set(f.language, (kinds.get(f.language) ?? 0) + 1);
  for (let i = 0; i < 10; i += 1) await validator.validateFiles(files);
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await validator.validateFiles(files);
    samples.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuSamples.push((used.user + used.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  cpuSamples.sort((a, b) => a - b);
  console.log(`## 50-file generation (${files.length} files, ${(bytes / 1024).toFixed(0)} KiB: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}; ${first.findings.length} findings)`);
  console.log(`cold (first call, loads tree-sitter + Python grammar): ${cold.toFixed(1)} ms`);
  console.log(`warm over ${runs} runs, wall: p50 ${percentile(samples, 50).toFixed(1)} ms, p99 ${percentile(samples, 99).toFixed(1)} ms, max ${(samples.at(-1) ?? 0).toFixed(1)} ms (target < 200 ms)`);
  console.log(`warm over ${runs} runs, CPU time of this process: p50 ${percentile(cpuSamples, 50).toFixed(1)} ms, p99 ${percentile(cpuSamples, 99).toFixed(1)} ms`);
  console.log(`load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
}

/** Bandit test ids → the nearest CWE of our vocabulary (bandit 1.6 prints no CWE; 1.7.5+ uses the same ids). */
const BANDIT_CWE: Record<string, string> = {
  B102: 'CWE-95', B307: 'CWE-95', B103: 'CWE-732', B105: 'CWE-798', B106: 'CWE-798', B107: 'CWE-798',
  B301: 'CWE-502', B302: 'CWE-502', B403: 'CWE-502', B506: 'CWE-502', B303: 'CWE-328', B324: 'CWE-328',
  B310: 'CWE-918', B311: 'CWE-330', B323: 'CWE-295', B501: 'CWE-295',
  B313: 'CWE-611', B314: 'CWE-611', B315: 'CWE-611', B316: 'CWE-611', B317: 'CWE-611', B318: 'CWE-611', B319: 'CWE-611', B320: 'CWE-611',
  B405: 'CWE-611', B406: 'CWE-611', B407: 'CWE-611', B408: 'CWE-611', B409: 'CWE-611', B410: 'CWE-611', B411: 'CWE-611',
  B404: 'CWE-78', B601: 'CWE-78', B602: 'CWE-78', B603: 'CWE-78', B604: 'CWE-78', B605: 'CWE-78', B606: 'CWE-78', B607: 'CWE-78', B609: 'CWE-78',
  B608: 'CWE-89', B610: 'CWE-89', B611: 'CWE-89', B108: 'CWE-377', B104: 'CWE-605', B110: 'CWE-703', B112: 'CWE-703', B101: 'CWE-703',
};

interface BanditResult {
  filename: string;
  line_number: number;
  test_id: string;
  issue_severity: string;
}

async function runBandit(dirs: string[]): Promise<{ results: BanditResult[]; ms: number } | null> {
  const start = performance.now();
  try {
    const { stdout } = await execFileAsync('bandit', ['-r', '-q', '-f', 'json', ...dirs], { cwd: CORPUS_DIR, maxBuffer: 16 * 1024 * 1024 }).catch((error: { stdout?: string; code?: number | string }) => {
      // bandit exits 1 when it found issues; its JSON is still on stdout.
      if (error.code === 1 && error.stdout) return { stdout: error.stdout };
      throw error;
    });
    return { results: (JSON.parse(stdout) as { results: BanditResult[] }).results, ms: performance.now() - start };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function banditFindings(results: BanditResult[], bundles: CorpusBundle[], minimum: 'LOW' | 'MEDIUM'): Map<string, Finding[]> {
  const byBundle = new Map<string, Finding[]>(bundles.map((b) => [b.dir, []]));
  for (const r of results) {
    if (minimum === 'MEDIUM' && r.issue_severity === 'LOW') continue;
    const bundle = bundles.find((b) => r.filename.startsWith(`${b.dir}/`));
    if (!bundle) continue;
    byBundle.get(bundle.dir)?.push({
      file: r.filename.slice(bundle.dir.length + 1), line: r.line_number, column: 1, ruleId: r.test_id,
      category: BANDIT_CWE[r.test_id] ?? `CWE-? (${r.test_id})`, severity: r.issue_severity === 'HIGH' ? 'error' : 'warning', message: '',
    });
  }
  return byBundle;
}

function scoreAll(bundles: CorpusBundle[], findingsOf: (b: CorpusBundle) => Finding[]): Scored {
  const scored: Scored = { byCwe: new Map(), unmatchedFindings: [], missedLabels: [] };
  for (const bundle of bundles) score(bundle.labels, findingsOf(bundle).map((f) => (f.category.startsWith('CWE-?') ? { ...f, category: `CWE-other-${f.ruleId}` } : f)), scored);
  return scored;
}

function summary(scored: Scored): { tp: number; fp: number; fn: number } {
  return [...scored.byCwe.values()].reduce((t, s) => ({ tp: t.tp + s.truePositives, fp: t.fp + s.falsePositives, fn: t.fn + s.falseNegatives }), { tp: 0, fp: 0, fn: 0 });
}

function cell(scored: Scored, cwe: string): string {
  const s = scored.byCwe.get(cwe);
  if (!s) return '—';
  return `${s.truePositives}/${s.truePositives + s.falseNegatives} found, ${s.falsePositives} FP`;
}

async function compareWithBandit(corpus: CorpusBundle[]): Promise<void> {
  const python = corpus.filter((b) => b.language === 'python');
  const validator = createValidator();
  const ours = new Map<string, Finding[]>();
  const start = performance.now();
  for (const b of python) ours.set(b.dir, (await validator.validateFiles(b.files)).findings);
  const oursMs = performance.now() - start;
  const labels = python.reduce((n, b) => n + b.labels.length, 0);
  console.log(`\n## Python corpus: ${python.length} bundles (${python.filter((b) => b.kind === 'clean').length} clean), ${python.reduce((n, b) => n + b.files.length, 0)} files, ${labels} labelled weaknesses`);
  const bandit = await runBandit(python.map((b) => b.dir));
  const oursScore = scoreAll(python, (b) => ours.get(b.dir) ?? []);
  if (!bandit) {
    console.log('bandit is not on PATH (apt-get install bandit): showing skafu-ai only');
  }
  const banditAll = bandit ? scoreAll(python, (b) => banditFindings(bandit.results, python, 'LOW').get(b.dir) ?? []) : undefined;
  const banditMedium = bandit ? scoreAll(python, (b) => banditFindings(bandit.results, python, 'MEDIUM').get(b.dir) ?? []) : undefined;
  const cwes = [...new Set([...oursScore.byCwe.keys(), ...(banditAll?.byCwe.keys() ?? [])])].sort();
  console.log(`| CWE | skafu-ai | bandit (all) | bandit (medium+) |\n| --- | --- | --- | --- |`);
  for (const cwe of cwes) console.log(`| ${cwe} | ${cell(oursScore, cwe)} | ${banditAll ? cell(banditAll, cwe) : 'n/a'} | ${banditMedium ? cell(banditMedium, cwe) : 'n/a'} |`);
  const line = (name: string, s: Scored | undefined, ms: number | undefined): void => {
    if (!s) return;
    const t = summary(s);
    console.log(`${name}: recall ${ratio(t.tp, t.tp + t.fn).toFixed(2)}, precision ${ratio(t.tp, t.tp + t.fp).toFixed(2)} (${t.tp} TP, ${t.fp} FP, ${t.fn} FN)${ms === undefined ? '' : `, ${ms.toFixed(0)} ms`}`);
  };
  line('skafu-ai (incl. parser load)', oursScore, oursMs);
  line('bandit, all severities', banditAll, bandit?.ms);
  line('bandit, medium and high', banditMedium, undefined);
}

const corpus = await loadCorpus();
await timeValidation(corpus, option('--runs', 200));
await compareWithBandit(corpus);
