import type { DetectionRule, PatternRule } from './types.js';

/**
 * A rule list prepared for long texts: the rules whose matches always start with one of their
 * keywords share ONE pass of a combined keyword regex, and run their own pattern only at the
 * positions it reports (instead of one pass over the whole text per rule).
 */
export interface RuleSet {
  rules: readonly DetectionRule[];
  /** Rules that need a pass of their own on long texts (finders, patterns not anchored on a keyword). */
  unanchored: readonly DetectionRule[];
  /** Combined keyword regex (global, longest keywords first); clone before use. */
  trigger: RegExp | undefined;
  /** Matched keyword → the anchored rules to try where it occurs. */
  rulesByKeyword: ReadonlyMap<string, readonly PatternRule[]>;
  /** Every rule's keywords in one regex (global): on a short text, one pass says which rules may match. */
  anyKeyword: RegExp | undefined;
  /** Keyword found → indexes in `rules` of the rules it enables (also those whose keyword occurs inside it). */
  rulesEnabledBy: ReadonlyMap<string, readonly number[]>;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function alternation(keywords: readonly string[]): RegExp | undefined {
  return keywords.length > 0 ? new RegExp(keywords.map(escapeRegExp).join('|'), 'g') : undefined;
}

export function compileRuleSet(rules: readonly DetectionRule[]): RuleSet {
  const anchored = rules.filter((r): r is PatternRule => !('find' in r) && r.anchoredOnKeywords === true && r.keywords.length > 0);
  const keywords = [...new Set(anchored.flatMap((r) => r.keywords))].sort((a, b) => b.length - a.length);
  const rulesByKeyword = new Map<string, PatternRule[]>();
  for (const keyword of keywords) {
    // a rule anchored on a shorter keyword that prefixes this one must be tried here too
    rulesByKeyword.set(keyword, anchored.filter((r) => r.keywords.some((k) => keyword.startsWith(k))));
  }
  const allKeywords = [...new Set(rules.flatMap((r) => r.keywords))].sort((a, b) => b.length - a.length);
  const rulesEnabledBy = new Map<string, number[]>();
  for (const keyword of allKeywords) {
    rulesEnabledBy.set(keyword, rules.flatMap((r, i) => (r.keywords.some((k) => keyword.includes(k)) ? [i] : [])));
  }
  return {
    rules,
    unanchored: rules.filter((r) => !anchored.includes(r as PatternRule)),
    trigger: alternation(keywords),
    rulesByKeyword,
    anyKeyword: alternation(allKeywords),
    rulesEnabledBy,
  };
}
