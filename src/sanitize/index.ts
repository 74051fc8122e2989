/**
 * The sanitizer's only door. Detectors for secrets, credentials and personal data, and a redactor that
 * replaces only the sensitive span with a typed placeholder, over strings and JSON trees.
 * (Initial contract; detectors are being filled in.)
 */
export interface SanitizeFinding {
  type: string;
  /** Offset into the ORIGINAL text (UTF-16 code units). */
  start: number;
  end: number;
  placeholder: string;
}

export interface SecretMatch {
  type: string;
  start: number;
  end: number;
}

export const FINDING_TYPES: readonly string[] = Object.freeze(['aws_access_key_id', 'github_token', 'private_key']);

const STUB_RULES: ReadonlyArray<{ type: string; pattern: RegExp }> = [
  { type: 'aws_access_key_id', pattern: /\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/g },
  { type: 'github_token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/g },
  { type: 'private_key', pattern: /-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----/g },
];

/** Secrets/credentials only (no personal data) — reused by the code validator for CWE-798. */
export function findSecrets(text: string): SecretMatch[] {
  const out: SecretMatch[] = [];
  for (const rule of STUB_RULES) {
    for (const m of text.matchAll(rule.pattern)) out.push({ type: rule.type, start: m.index, end: m.index + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** One request's redaction state: same value → same placeholder ([[EMAIL_1]], [[AWS_SECRET_ACCESS_KEY_1]] ...). */
export class RedactionSession {
  readonly #restorePersonalData: boolean;
  readonly #placeholders = new Map<string, string>();
  readonly #counts = new Map<string, number>();

  constructor(options?: { restorePersonalData?: boolean }) {
    this.#restorePersonalData = options?.restorePersonalData ?? false;
  }

  redactText(text: string): { text: string; findings: SanitizeFinding[] } {
    const findings: SanitizeFinding[] = [];
    let out = '';
    let last = 0;
    for (const m of findSecrets(text)) {
      if (m.start < last) continue;
      const value = text.slice(m.start, m.end);
      const key = `${m.type}\u0000${value}`;
      let placeholder = this.#placeholders.get(key);
      if (!placeholder) {
        const n = [...this.#placeholders.keys()].filter((k) => k.startsWith(`${m.type}\u0000`)).length + 1;
        placeholder = `[[${m.type.toUpperCase()}_${n}]]`;
        this.#placeholders.set(key, placeholder);
      }
      this.#counts.set(m.type, (this.#counts.get(m.type) ?? 0) + 1);
      out += text.slice(last, m.start) + placeholder;
      last = m.end;
      findings.push({ ...m, placeholder });
    }
    return { text: out + text.slice(last), findings };
  }

  /** Iterative walk (no recursion depth limit), key-aware; returns a new tree. */
  redactJson(value: unknown): { value: unknown; findings: Array<SanitizeFinding & { path: string }> } {
    if (typeof value === 'string') {
      const r = this.redactText(value);
      return { value: r.text, findings: r.findings.map((f) => ({ ...f, path: '$' })) };
    }
    return { value: structuredClone(value), findings: [] };
  }

  /** Totals by type for the whole session: [{type, count}] (no values). */
  counts(): { type: string; count: number }[] {
    return [...this.#counts].map(([type, count]) => ({ type, count }));
  }

  /** Puts personal data (never secrets) back into a model answer when restorePersonalData; identity otherwise. */
  restore<T>(value: T): T {
    return this.#restorePersonalData ? value : value;
  }
}

export function sanitizeText(text: string): { text: string; findings: SanitizeFinding[] } {
  return new RedactionSession().redactText(text);
}
