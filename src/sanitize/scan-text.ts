import { codeAt } from './char-classes.js';
import type { Candidate, DetectionRule, PatternRule, ScanInput } from './types.js';

/**
 * Runs every rule whose keywords occur in the text and returns non-overlapping candidates sorted by
 * start. On overlap the higher priority wins (a provider format beats a generic assignment, a secret
 * beats personal data), then the longer span.
 */
export function scanText(text: string, rules: readonly DetectionRule[]): Candidate[] {
  if (text.length === 0) return [];
  const input: ScanInput = { text };
  const candidates: Candidate[] = [];
  // On a long text a regex that starts with a literal scans as fast as includes() would: the
  // prefilter would only add passes. It pays on short texts (JSON strings), and for finders.
  const prefilter = text.length < PREFILTER_BELOW;
  for (const rule of rules) {
    if ((prefilter || 'find' in rule) && !passesPrefilter(rule, text)) continue;
    if ('find' in rule) {
      for (const c of rule.find(input)) candidates.push(c);
    } else {
      runPatternRule(rule, input, candidates);
    }
  }
  return resolveOverlaps(candidates);
}

const PREFILTER_BELOW = 16_384;

function passesPrefilter(rule: DetectionRule, text: string): boolean {
  if (rule.keywords.length === 0 && !rule.keywordPattern) return true;
  return rule.keywords.some((k) => text.includes(k)) || (rule.keywordPattern?.test(text) ?? false);
}

function runPatternRule(rule: PatternRule, input: ScanInput, out: Candidate[]): void {
  const { text } = input;
  for (const m of text.matchAll(rule.pattern)) {
    const matchStart = m.index;
    const matchEnd = matchStart + m[0].length;
    if (rule.boundary && (rule.boundary(codeAt(text, matchStart - 1)) || rule.boundary(codeAt(text, matchEnd)))) continue;
    const span = m.indices?.groups?.['v'];
    const start = span ? span[0] : matchStart;
    const end = span ? span[1] : matchEnd;
    if (end <= start) continue;
    if (rule.validate && !rule.validate(text.slice(start, end), input, start, end, matchStart)) continue;
    out.push({ type: rule.type, kind: rule.kind, start, end, priority: rule.priority });
  }
}

/** Greedy sweep over candidates sorted by start; each kept span is disjoint from the others. */
export function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  const sorted = [...candidates].sort(
    (a, b) => a.start - b.start || b.priority - a.priority || b.end - b.start - (a.end - a.start),
  );
  const kept: Candidate[] = [];
  for (const c of sorted) {
    const last = kept[kept.length - 1];
    if (!last || c.start >= last.end) {
      kept.push(c);
      continue;
    }
    const better = c.priority > last.priority || (c.priority === last.priority && c.end - c.start > last.end - last.start);
    if (better) kept[kept.length - 1] = c;
  }
  return kept;
}
