import { codeAt } from './char-classes.js';
import type { RuleSet } from './rule-set.js';
import type { Candidate, DetectionRule, PatternRule, ScanInput } from './types.js';

/**
 * Runs every rule whose keywords occur in the text and returns non-overlapping candidates sorted by
 * start. On overlap the higher priority wins (a provider format beats a generic assignment, a secret
 * beats personal data), then the longer span.
 */
export function scanText(text: string, ruleSet: RuleSet): Candidate[] {
  if (text.length === 0) return [];
  const input: ScanInput = { text };
  const candidates: Candidate[] = [];
  if (text.length < LONG_TEXT) {
    // Short texts (JSON strings): one pass over every rule's keywords says which rules may match.
    const enabled = rulesForShortText(ruleSet, text);
    ruleSet.rules.forEach((rule, i) => {
      if (enabled[i] === 1) runRule(rule, input, candidates);
    });
  } else {
    // Long texts: one shared pass for the keyword-anchored rules, one pass each for the others
    // (a finder still checks its keywords first: includes() is cheaper than its own pass).
    runAnchoredRules(ruleSet, input, candidates);
    for (const rule of ruleSet.unanchored) {
      if (!('find' in rule) || passesPrefilter(rule, text)) runRule(rule, input, candidates);
    }
  }
  return resolveOverlaps(candidates);
}

const LONG_TEXT = 16_384;

/** 1 at the index of each rule that may match the text. */
function rulesForShortText(ruleSet: RuleSet, text: string): Uint8Array {
  const { rules } = ruleSet;
  const enabled = new Uint8Array(rules.length);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as DetectionRule;
    if (rule.keywords.length === 0 && (!rule.keywordPattern || rule.keywordPattern.test(text))) enabled[i] = 1;
  }
  // String#match with a global regex returns every match and leaves lastIndex at 0 (no clone, no state)
  for (const keyword of (ruleSet.anyKeyword && text.match(ruleSet.anyKeyword)) || []) {
    for (const i of ruleSet.rulesEnabledBy.get(keyword) ?? []) enabled[i] = 1;
  }
  return enabled;
}

function passesPrefilter(rule: DetectionRule, text: string): boolean {
  if (rule.keywords.length === 0 && !rule.keywordPattern) return true;
  return rule.keywords.some((k) => text.includes(k)) || (rule.keywordPattern?.test(text) ?? false);
}

function runRule(rule: DetectionRule, input: ScanInput, out: Candidate[]): void {
  if ('find' in rule) {
    for (const c of rule.find(input)) out.push(c);
  } else {
    for (const m of input.text.matchAll(rule.pattern)) acceptMatch(rule, input, m, out);
  }
}

function runAnchoredRules(ruleSet: RuleSet, input: ScanInput, out: Candidate[]): void {
  if (!ruleSet.trigger) return;
  const { text } = input;
  const sticky = new Map<PatternRule, RegExp>(); // per scan: lastIndex is mutated
  const doneUntil = new Map<PatternRule, number>();
  for (const hit of text.matchAll(ruleSet.trigger)) {
    for (const rule of ruleSet.rulesByKeyword.get(hit[0]) ?? []) {
      if (hit.index < (doneUntil.get(rule) ?? 0)) continue;
      let re = sticky.get(rule);
      if (!re) {
        re = new RegExp(rule.pattern.source, rule.pattern.flags.replace('g', '') + 'y');
        sticky.set(rule, re);
      }
      re.lastIndex = hit.index;
      const m = re.exec(text);
      if (!m) continue;
      doneUntil.set(rule, m.index + m[0].length);
      acceptMatch(rule, input, m, out);
    }
  }
}

function acceptMatch(rule: PatternRule, input: ScanInput, m: RegExpExecArray | RegExpMatchArray, out: Candidate[]): void {
  const { text } = input;
  const matchStart = m.index ?? 0;
  const matchEnd = matchStart + m[0].length;
  if (rule.boundary && (rule.boundary(codeAt(text, matchStart - 1)) || rule.boundary(codeAt(text, matchEnd)))) return;
  const span = m.indices?.groups?.['v'];
  const start = span ? span[0] : matchStart;
  const end = span ? span[1] : matchEnd;
  if (end <= start) return;
  if (rule.validate && !rule.validate(text.slice(start, end), input, start, end, matchStart)) return;
  out.push({ type: rule.type, kind: rule.kind, start, end, priority: rule.priority });
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
