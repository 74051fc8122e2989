import { beforeAll, describe, expect, it } from 'vitest';
import { createValidator } from '../../src/checks/index.js';
import type { ValidationReport } from '../../src/domain/validation-result.js';
import type { CorpusBundle, Scored } from './corpus.js';
import { loadCorpus, ratio, score } from './corpus.js';

const CODE_LANGUAGES = new Set(['python', 'javascript', 'typescript']);

describe('labelled corpus', () => {
  const validator = createValidator();
  let runs: Array<{ bundle: CorpusBundle; report: ValidationReport }> = [];

  beforeAll(async () => {
    const corpus = await loadCorpus();
    runs = [];
    for (const bundle of corpus) {
      runs.push({ bundle, report: await validator.validateFiles(bundle.files, { expectTests: CODE_LANGUAGES.has(bundle.language) && bundle.kind === 'clean' }) });
    }
  });

  it('has vulnerable and clean bundles in Python, TypeScript/JavaScript and SAM YAML', () => {
    const kinds = new Set(runs.map((r) => `${r.bundle.kind}:${r.bundle.language}`));
    for (const expected of ['vulnerable:python', 'clean:python', 'vulnerable:typescript', 'clean:typescript', 'vulnerable:javascript', 'clean:javascript', 'vulnerable:yaml', 'clean:yaml']) {
      expect(kinds).toContain(expected);
    }
  });

  it('reports no finding at all on the clean bundles', () => {
    const clean = runs.filter((r) => r.bundle.kind === 'clean');
    expect(clean.length).toBeGreaterThanOrEqual(4);
    for (const { bundle, report } of clean) {
      expect({ dir: bundle.dir, findings: report.findings }).toEqual({ dir: bundle.dir, findings: [] });
      expect(report.valid).toBe(true);
    }
  });

  it('marks every vulnerable bundle invalid', () => {
    for (const { report } of runs.filter((r) => r.bundle.kind === 'vulnerable')) expect(report.valid).toBe(false);
  });

  it('finds the labelled weaknesses with recall and precision of at least 0.90 per CWE and overall', () => {
    const scored: Scored = { byCwe: new Map(), unmatchedFindings: [], missedLabels: [] };
    for (const { bundle, report } of runs.filter((r) => r.bundle.kind === 'vulnerable')) score(bundle.labels, report.findings, scored);
    const totals = [...scored.byCwe.values()].reduce((t, s) => ({
      tp: t.tp + s.truePositives, fp: t.fp + s.falsePositives, fn: t.fn + s.falseNegatives,
    }), { tp: 0, fp: 0, fn: 0 });
    const table = Object.fromEntries([...scored.byCwe].map(([cwe, s]) => [cwe, {
      recall: ratio(s.truePositives, s.truePositives + s.falseNegatives),
      precision: ratio(s.truePositives, s.truePositives + s.falsePositives),
    }]));
    const context = { table, missed: scored.missedLabels, unexpected: scored.unmatchedFindings.map((f) => `${f.file}:${f.line} ${f.category} ${f.ruleId}`) };
    expect(totals.tp, JSON.stringify(context, null, 1)).toBeGreaterThanOrEqual(80);
    expect(ratio(totals.tp, totals.tp + totals.fn), JSON.stringify(context, null, 1)).toBeGreaterThanOrEqual(0.9);
    expect(ratio(totals.tp, totals.tp + totals.fp), JSON.stringify(context, null, 1)).toBeGreaterThanOrEqual(0.9);
    for (const cwe of ['CWE-798', 'CWE-89', 'CWE-78', 'CWE-95', 'CWE-502', 'CWE-328', 'CWE-295', 'CWE-22', 'CWE-918', 'CWE-330', 'CWE-611', 'CWE-532', 'CWE-732', 'CWE-284', 'CWE-311', 'CWE-306']) {
      const row = table[cwe];
      expect(row, `${cwe} is labelled in the corpus`).toBeDefined();
      expect(row?.recall, `${cwe} recall\n${JSON.stringify(context, null, 1)}`).toBeGreaterThanOrEqual(0.9);
      expect(row?.precision, `${cwe} precision\n${JSON.stringify(context, null, 1)}`).toBeGreaterThanOrEqual(0.9);
    }
  });
});
