import { BENIGN_MAKERS } from './benign.js';
import { ANY_CONTEXT, CONTEXTS } from './contexts.js';
import { PERSONAL_KINDS } from './personal-kinds.js';
import type { Random } from './random.js';
import { createRandom } from './random.js';
import type { PlantedKind } from './secret-kinds.js';
import { SECRET_KINDS } from './secret-kinds.js';

/**
 * The labelled corpus: fake secrets and personal data (generated, valid formats and checksums) placed
 * in realistic contexts, and benign look-alikes that must pass through untouched. Deterministic for a
 * seed. The benchmark reuses it.
 */

export interface PlantedItem {
  id: string;
  type: string;
  context: string;
  text: string;
  /** The exact string that must be redacted (it occurs in `text`). */
  value: string;
}

export interface BenignItem {
  id: string;
  category: string;
  text: string;
}

export interface Corpus {
  planted: PlantedItem[];
  benign: BenignItem[];
}

export const DEFAULT_SEED = 0x5a4e17;

function plant(r: Random, kind: PlantedKind, id: string): PlantedItem {
  const value = kind.make(r);
  const payload = kind.wrap ? kind.wrap(r, value) : value;
  const context = r.pick(kind.contexts ?? ANY_CONTEXT.filter((c) => c !== 'raw'));
  const render = CONTEXTS[context];
  if (!render) throw new Error(`corpus: unknown context ${context}`);
  return { id, type: kind.type, context, text: render(r, r.pick(kind.names), payload), value };
}

/** `perKind` planted values per kind of secret or personal data, `perCategory` benign samples per category. */
export function buildCorpus(seed = DEFAULT_SEED, perKind = 16, perCategory = 22): Corpus {
  const r = createRandom(seed);
  const planted: PlantedItem[] = [];
  for (const kind of [...SECRET_KINDS, ...PERSONAL_KINDS]) {
    const n = kind.type === 'jwt' || kind.type === 'github_token' || kind.type === 'basic_auth' ? perKind / 2 : perKind;
    for (let i = 0; i < n; i++) planted.push(plant(r, kind, `${kind.type}-${planted.length}`));
  }
  const benign: BenignItem[] = [];
  for (const [category, makers] of Object.entries(BENIGN_MAKERS)) {
    for (let i = 0; i < perCategory; i++) {
      const maker = makers[i % makers.length];
      if (maker) benign.push({ id: `${category}-${i}`, category, text: maker(r) });
    }
  }
  return { planted, benign };
}

export interface Span {
  start: number;
  end: number;
}

/** True when every occurrence of `value` in `text` is entirely inside the spans. */
export function fullyCovered(text: string, value: string, spans: readonly Span[]): boolean {
  for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + 1)) {
    let pos = at;
    const end = at + value.length;
    const sorted = [...spans].sort((a, b) => a.start - b.start);
    for (const s of sorted) if (s.start <= pos && s.end > pos) pos = Math.max(pos, s.end);
    if (pos < end) return false;
  }
  return true;
}

export interface RateRow {
  label: string;
  hit: number;
  total: number;
  rate: number;
}

function rows(counts: Map<string, { hit: number; total: number }>): RateRow[] {
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, c]) => ({ label, hit: c.hit, total: c.total, rate: c.total === 0 ? 1 : c.hit / c.total }));
}

function tally(counts: Map<string, { hit: number; total: number }>, label: string, ok: boolean): void {
  const c = counts.get(label) ?? { hit: 0, total: 0 };
  c.total++;
  if (ok) c.hit++;
  counts.set(label, c);
}

/** True when some span overlaps the first occurrence of `value` (a linter's "detected", not "redacted"). */
export function overlapped(text: string, value: string, spans: readonly Span[]): boolean {
  const start = text.indexOf(value);
  return spans.some((s) => s.start < start + value.length && s.end > start);
}

/**
 * Recall per planted type. `redacted` (default): the value is fully covered by the spans, as a
 * redactor needs. `detected`: some span overlaps it, as a linter reports.
 */
export function recallByType(
  planted: readonly PlantedItem[],
  detect: (text: string) => readonly Span[],
  criterion: 'redacted' | 'detected' = 'redacted',
): RateRow[] {
  const counts = new Map<string, { hit: number; total: number }>();
  const hit = criterion === 'redacted' ? fullyCovered : overlapped;
  for (const item of planted) tally(counts, item.type, hit(item.text, item.value, detect(item.text)));
  return rows(counts);
}

/** Benign-kept rate per category: no span at all in the text. */
export function keptByCategory(benign: readonly BenignItem[], detect: (text: string) => readonly Span[]): RateRow[] {
  const counts = new Map<string, { hit: number; total: number }>();
  for (const item of benign) tally(counts, item.category, detect(item.text).length === 0);
  return rows(counts);
}

export function overall(table: readonly RateRow[]): RateRow {
  const hit = table.reduce((n, r) => n + r.hit, 0);
  const total = table.reduce((n, r) => n + r.total, 0);
  return { label: 'overall', hit, total, rate: total === 0 ? 1 : hit / total };
}

export function formatTable(title: string, table: readonly RateRow[]): string {
  const lines = table.map((r) => `  ${r.label.padEnd(26)} ${String(r.hit).padStart(4)}/${String(r.total).padEnd(4)} ${(r.rate * 100).toFixed(1).padStart(6)}%`);
  const o = overall(table);
  return [`${title}`, ...lines, `  ${'overall'.padEnd(26)} ${String(o.hit).padStart(4)}/${String(o.total).padEnd(4)} ${(o.rate * 100).toFixed(1).padStart(6)}%`].join('\n');
}

const FILLER: readonly ((r: Random) => string)[] = [
  (r) => `2024-05-${String(r.int(10, 28))}T12:${r.int(10, 59)}:${r.int(10, 59)}.${r.int(100, 999)}Z INFO http method=GET path=/v1/orders/${r.int(1000, 99999)} status=200 duration_ms=${r.int(1, 900)} bytes=${r.int(100, 90000)}\n`,
  (r) => `export function total(items: Item[]): number {\n  return items.reduce((sum, item) => sum + item.price * item.quantity, ${r.int(0, 9)});\n}\n\n`,
  () => 'The orders service publishes an OrderPlaced event to the bus; the billing service consumes it and writes an invoice. Retries use exponential back-off with jitter, capped at five attempts.\n',
  (r) => `  - name: worker-${r.int(1, 99)}\n    image: registry.internal/worker:${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)}\n    resources: { limits: { cpu: "${r.int(1, 4)}", memory: ${r.int(1, 8)}Gi } }\n`,
  (r) => `{"level":"info","msg":"cache hit","key":"order:${r.int(1, 99999)}","ttl":${r.int(60, 3600)},"tokens_used":${r.int(100, 4000)}}\n`,
  () => '| component | owner | sla |\n| --- | --- | --- |\n| api gateway | platform | 99.95 |\n| orders | commerce | 99.9 |\n',
];

/**
 * About `bytes` of mixed input: corpus items (planted and benign, fresh seeds per round) diluted with
 * ordinary logs, code, prose, manifests and tables, so secrets are as sparse as in real pastes.
 */
export function buildMixedText(bytes: number, seed = DEFAULT_SEED): string {
  const r = createRandom(seed ^ 0x9e3779b9);
  const parts: string[] = [];
  let size = 0;
  for (let round = 0; size < bytes; round++) {
    const corpus = buildCorpus(seed + round, 4, 4);
    const items = [...corpus.planted.map((p) => p.text), ...corpus.benign.map((b) => b.text)];
    for (const text of items) {
      parts.push(text);
      size += text.length;
      for (let k = r.int(2, 8); k > 0; k--) {
        const filler = r.pick(FILLER)(r);
        parts.push(filler);
        size += filler.length;
      }
      if (size >= bytes) break;
    }
  }
  return parts.join('').slice(0, bytes);
}
