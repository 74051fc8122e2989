/** A span the redactor replaced. Offsets index the ORIGINAL text (UTF-16 code units). */
export interface SanitizeFinding {
  type: string;
  start: number;
  end: number;
  placeholder: string;
}

/** A secret or credential found in text (no personal data); offsets index the text given. */
export interface SecretMatch {
  type: string;
  start: number;
  end: number;
}

/** Whether a finding may ever be put back into a model answer: personal data may, secrets never. */
export type FindingKind = 'secret' | 'personal';

/** A detection before overlaps are resolved. */
export interface Candidate {
  type: string;
  kind: FindingKind;
  start: number;
  end: number;
  /** Higher wins when two candidates overlap: provider formats > structures > generic > personal data. */
  priority: number;
}

/** The text under scan, and what detectors share while scanning it. */
export interface ScanInput {
  text: string;
  /** Digit runs of the text, computed once by the first number detector that asks (see number-runs.ts). */
  numberRuns?: Array<{ start: number; text: string }>;
}

/** A regex-driven rule: one entry of the rule table. */
export interface PatternRule {
  id: string;
  type: string;
  kind: FindingKind;
  priority: number;
  /**
   * Cheap prefilter for short texts: the rule runs only when one of these occurs in the text, or
   * `keywordPattern` (case-insensitive, not global) matches it. Neither = always run.
   */
  keywords: readonly string[];
  keywordPattern?: RegExp;
  /** Every match starts with one of `keywords`: on long texts the rule runs only where they occur. */
  anchoredOnKeywords?: boolean;
  /**
   * Global regex, linear-time (no nested unbounded quantifiers). When it has a named group `v`
   * (and the `d` flag), only that group is the sensitive span; otherwise the whole match.
   */
  pattern: RegExp;
  /** Code units that must not touch the match on the left / right (token boundaries). */
  boundary?: (c: number) => boolean;
  /** Rejects matches that are not the real thing (checksum, entropy, placeholder, example value). */
  validate?: (value: string, input: ScanInput, start: number, end: number, matchStart: number) => boolean;
}

/** A code-driven rule: for formats a single regex cannot express cheaply or safely. */
export interface FinderRule {
  id: string;
  type: string;
  kind: FindingKind;
  priority: number;
  keywords: readonly string[];
  keywordPattern?: RegExp;
  find: (input: ScanInput) => Candidate[];
}

export type DetectionRule = PatternRule | FinderRule;
