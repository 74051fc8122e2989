import { inspect } from 'node:util';
import { kindOf, PLACEHOLDER_PATTERN, placeholderFor } from './finding-types.js';
import type { StringSite } from './json-tree.js';
import { childPath, mapJsonTree } from './json-tree.js';
import { secretValueFinding } from './key-aware.js';
import { ALL_RULE_SET } from './rule-table.js';
import { scanText } from './scan-text.js';
import type { Candidate, SanitizeFinding } from './types.js';

export interface RedactionSessionOptions {
  /** Put personal data (never secrets) back into the model's answer. Default false. */
  restorePersonalData?: boolean;
}

export type JsonSanitizeFinding = SanitizeFinding & {
  /** Where in the tree: `$.db.password`, `$.items[0]`; built from redacted keys only. */
  path: string;
  /** Whether the span is in the property name at `path` rather than in its string value. */
  inKey?: true;
};

/**
 * One request's redaction state: the same value gets the same placeholder everywhere in the request
 * (`[[EMAIL_1]]`, `[[AWS_SECRET_ACCESS_KEY_1]]`). The values live only in private fields of this
 * object (never serialised, never logged) and die with it.
 */
export class RedactionSession {
  readonly #restorePersonalData: boolean;
  /** `${kind}\0${value}` → placeholder. */
  readonly #placeholders = new Map<string, string>();
  readonly #ordinals = new Map<string, number>();
  readonly #counts = new Map<string, number>();
  /** placeholder → personal value; filled only when restoring is enabled. */
  readonly #personal = new Map<string, string>();

  constructor(options: RedactionSessionOptions = {}) {
    this.#restorePersonalData = options.restorePersonalData ?? false;
  }

  /** Replaces every sensitive span of `text`; findings give offsets into the original text. */
  redactText(text: string): { text: string; findings: SanitizeFinding[] } {
    return this.#apply(text, scanText(text, ALL_RULE_SET));
  }

  /** Iterative walk (no recursion depth limit), key-aware; returns a new tree. */
  redactJson(value: unknown): { value: unknown; findings: JsonSanitizeFinding[] } {
    const findings: JsonSanitizeFinding[] = [];
    const mapped = mapJsonTree(value, {
      mapString: (s, site) => {
        const result = this.#redactString(s, site);
        for (const f of result.findings) findings.push({ ...f, path: site.path });
        return result.text;
      },
      mapKey: (key, path) => {
        const result = this.redactText(key);
        for (const f of result.findings) findings.push({ ...f, path: childPath(path, result.text), inKey: true });
        return result.text;
      },
    });
    return { value: mapped, findings };
  }

  /** Totals by type for the whole session (no values), sorted by type. */
  counts(): { type: string; count: number }[] {
    return [...this.#counts].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => ({ type, count }));
  }

  /**
   * Puts personal data (never secrets) back into a model answer when `restorePersonalData`; returns
   * the value unchanged otherwise. Works on strings and JSON trees (returns a new tree).
   */
  restore<T>(value: T): T {
    if (!this.#restorePersonalData || this.#personal.size === 0) return value;
    const restoreString = (s: string) =>
      s.includes('[[') ? s.replace(PLACEHOLDER_PATTERN, (p: string) => this.#personal.get(p) ?? p) : s;
    return mapJsonTree(value, { mapString: restoreString, mapKey: restoreString }) as T;
  }

  toJSON(): { counts: { type: string; count: number }[] } {
    return { counts: this.counts() };
  }

  [inspect.custom](): string {
    return `RedactionSession ${JSON.stringify(this.toJSON())}`;
  }

  #redactString(text: string, site: StringSite): { text: string; findings: SanitizeFinding[] } {
    const whole = secretValueFinding(text, site);
    if (whole === null) return { text, findings: [] };
    if (whole) return this.#apply(text, [whole]);
    return this.redactText(text);
  }

  #apply(text: string, candidates: readonly Candidate[]): { text: string; findings: SanitizeFinding[] } {
    if (candidates.length === 0) return { text, findings: [] };
    const findings: SanitizeFinding[] = [];
    const parts: string[] = [];
    let last = 0;
    for (const c of candidates) {
      const placeholder = this.#placeholderOf(c.type, text.slice(c.start, c.end));
      parts.push(text.slice(last, c.start), placeholder);
      last = c.end;
      findings.push({ type: c.type, start: c.start, end: c.end, placeholder });
    }
    parts.push(text.slice(last));
    return { text: parts.join(''), findings };
  }

  #placeholderOf(type: string, value: string): string {
    this.#counts.set(type, (this.#counts.get(type) ?? 0) + 1);
    const kind = kindOf(type);
    const key = `${kind}\u0000${value}`;
    const known = this.#placeholders.get(key);
    if (known) return known;
    const ordinal = (this.#ordinals.get(type) ?? 0) + 1;
    this.#ordinals.set(type, ordinal);
    const placeholder = placeholderFor(type, ordinal);
    this.#placeholders.set(key, placeholder);
    if (kind === 'personal' && this.#restorePersonalData) this.#personal.set(placeholder, value);
    return placeholder;
  }
}
