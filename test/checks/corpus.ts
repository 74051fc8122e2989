import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBundle } from '../../src/checks/index.js';
import type { Finding, GeneratedFile } from '../../src/domain/validation-result.js';

export const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');

export interface Label {
  file: string;
  line: number;
  cwe: string;
}

export interface CorpusBundle {
  dir: string;
  kind: 'vulnerable' | 'clean';
  language: string;
  files: GeneratedFile[];
  labels: Label[];
}

interface Manifest {
  bundles: Array<{ dir: string; kind: 'vulnerable' | 'clean'; language: string; labels?: Label[] }>;
}

const MARKER = /expect:\s*(CWE-\d+(?:\s*,\s*CWE-\d+)*)/;

/** Labels written as `expect: CWE-n` comments on the line where the finding belongs. */
function markerLabels(files: GeneratedFile[]): Label[] {
  return files.flatMap((file) => file.content.split('\n').flatMap((text, index) => {
    const match = MARKER.exec(text);
    return match?.[1] ? match[1].split(',').map((cwe) => ({ file: file.path, line: index + 1, cwe: cwe.trim() })) : [];
  }));
}

/**
 * TypeScript and JavaScript corpus files are stored as `name.ts.fixture` so that the project's own
 * type check and lint leave them alone; the suffix comes off when a bundle is loaded.
 */
export const FIXTURE_SUFFIX = '.fixture';

export async function loadBundle(dir: string): Promise<GeneratedFile[]> {
  const files = await readBundle(path.join(CORPUS_DIR, dir));
  return files.map((f) => ({ path: f.path.endsWith(FIXTURE_SUFFIX) ? f.path.slice(0, -FIXTURE_SUFFIX.length) : f.path, content: f.content }));
}

export async function loadCorpus(): Promise<CorpusBundle[]> {
  const manifest = JSON.parse(await readFile(path.join(CORPUS_DIR, 'manifest.json'), 'utf8')) as Manifest;
  return Promise.all(manifest.bundles.map(async (entry) => {
    const files = await loadBundle(entry.dir);
    return { ...entry, files, labels: [...markerLabels(files), ...(entry.labels ?? [])] };
  }));
}

export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface Scored {
  byCwe: Map<string, Score>;
  unmatchedFindings: Finding[];
  missedLabels: Label[];
}

/** Matches security findings to labels one-to-one on file, CWE and line. */
export function score(labels: Label[], findings: Finding[], into: Scored = { byCwe: new Map(), unmatchedFindings: [], missedLabels: [] }): Scored {
  const entry = (cwe: string): Score => {
    let s = into.byCwe.get(cwe);
    if (!s) into.byCwe.set(cwe, (s = { truePositives: 0, falsePositives: 0, falseNegatives: 0 }));
    return s;
  };
  const open = [...labels];
  for (const finding of findings.filter((f) => f.category.startsWith('CWE-'))) {
    const index = open.findIndex((l) => l.file === finding.file && l.cwe === finding.category && l.line === finding.line);
    if (index >= 0) {
      open.splice(index, 1);
      entry(finding.category).truePositives += 1;
    } else {
      entry(finding.category).falsePositives += 1;
      into.unmatchedFindings.push(finding);
    }
  }
  for (const label of open) {
    entry(label.cwe).falseNegatives += 1;
    into.missedLabels.push(label);
  }
  return into;
}

export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}
