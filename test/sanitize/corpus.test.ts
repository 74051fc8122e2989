import { describe, expect, it } from 'vitest';
import { findSecrets, PERSONAL_TYPES, RedactionSession, sanitizeText } from '../../src/sanitize/index.js';
import type { RateRow } from './corpus/index.js';
import { buildCorpus, formatTable, keptByCategory, overall, recallByType } from './corpus/index.js';

const corpus = buildCorpus();
const detect = (text: string) => sanitizeText(text).findings;

function failures(table: readonly RateRow[], min: number): RateRow[] {
  return table.filter((r) => r.rate < min);
}

describe('labelled corpus (generated, seeded)', () => {
  it('is deterministic and large enough', () => {
    expect(buildCorpus()).toEqual(corpus);
    expect(corpus.planted.length).toBeGreaterThanOrEqual(400);
    expect(corpus.benign.length).toBeGreaterThanOrEqual(300);
    for (const p of corpus.planted) expect(p.text).toContain(p.value);
  });

  it('recall: overall ≥ 0.97 and every type ≥ 0.9 (the value fully redacted)', () => {
    const table = recallByType(corpus.planted, detect);
    console.info(formatTable('sanitizer recall by type', table));
    expect(overall(table).rate).toBeGreaterThanOrEqual(0.97);
    expect(failures(table, 0.9)).toEqual([]);
  });

  it('benign kept: overall ≥ 0.98 and every category ≥ 0.9 (text untouched)', () => {
    const table = keptByCategory(corpus.benign, detect);
    console.info(formatTable('benign kept by category', table));
    expect(overall(table).rate).toBeGreaterThanOrEqual(0.98);
    expect(failures(table, 0.9)).toEqual([]);
  });

  it('names the right type for ≥ 0.95 of the values it redacts', () => {
    let right = 0;
    let redacted = 0;
    for (const p of corpus.planted) {
      const start = p.text.indexOf(p.value);
      const finding = detect(p.text).find((f) => f.start <= start && f.end >= start + p.value.length);
      if (!finding) continue;
      redacted++;
      if (finding.type === p.type) right++;
    }
    expect(right / redacted).toBeGreaterThanOrEqual(0.95);
  });

  it('findSecrets alone reaches the same recall on secrets and reports no personal data', () => {
    const secrets = corpus.planted.filter((p) => !(PERSONAL_TYPES as readonly string[]).includes(p.type));
    const table = recallByType(secrets, findSecrets);
    expect(overall(table).rate).toBeGreaterThanOrEqual(0.97);
    const personalTypes = new Set<string>(PERSONAL_TYPES);
    for (const p of corpus.planted) for (const m of findSecrets(p.text)) expect(personalTypes.has(m.type)).toBe(false);
  });

  it('redacts JSON documents as trees too: no planted value survives redactJson', () => {
    const jsonItems = corpus.planted.filter((p) => p.context === 'json' || p.text.trimStart().startsWith('{"type": "service_account"') || p.text.startsWith('{\n  "type"'));
    expect(jsonItems.length).toBeGreaterThan(20);
    const leaked = jsonItems.filter((p) => {
      const out = JSON.stringify(new RedactionSession().redactJson(JSON.parse(p.text)).value);
      return out.includes(p.value);
    });
    expect(leaked.map((p) => p.id)).toEqual([]);
  });

  it('one long text (the shared keyword pass) finds exactly what its parts find one by one', () => {
    const separator = `\n${'-'.repeat(60)}\n`;
    const parts = [...corpus.planted.map((p) => p.text), ...corpus.benign.map((b) => b.text)];
    const long = parts.join(separator);
    expect(long.length).toBeGreaterThan(100_000);
    const expected: string[] = [];
    let offset = 0;
    for (const part of parts) {
      for (const f of sanitizeText(part).findings) expected.push(`${f.type}@${f.start + offset}-${f.end + offset}`);
      offset += part.length + separator.length;
    }
    const actual = sanitizeText(long).findings.map((f) => `${f.type}@${f.start}-${f.end}`);
    expect(actual).toEqual(expected);
  });

  it('same seed, same figures: a second seed also clears the thresholds', () => {
    const other = buildCorpus(7);
    expect(overall(recallByType(other.planted, detect)).rate).toBeGreaterThanOrEqual(0.97);
    expect(overall(keptByCategory(other.benign, detect)).rate).toBeGreaterThanOrEqual(0.98);
  });
});
