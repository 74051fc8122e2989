import type { Finding, GeneratedFile, ValidationReport, ValidationResult } from '../domain/validation-result.js';
import type { FileAnalysis } from './analyze-file.js';
import { analyzeCode, analyzeDataFile, isCodeKind, parseCode } from './analyze-file.js';
import type { CodeUnit } from './code/bundle-flow.js';
import { bundleFlows } from './code/bundle-flow.js';
import { DataFlow } from './code/data-flow.js';
import type { ParsedSource } from './parsers/typescript-source.js';
import { fileKind, isTestPath, languageOf } from './file-kind.js';
import type { PathLimits } from './generated-paths.js';
import { pathProblems } from './generated-paths.js';
import { PythonParser } from './parsers/python-parser.js';

export interface ValidateOptions {
  /** The generation was asked for tests: a bundle without a test file gets a warning. */
  expectTests?: boolean;
  /** At most this many files (default 1000). */
  maxFiles?: number;
  /** At most this many UTF-8 bytes per file (default 1 MiB). */
  maxFileBytes?: number;
}

export interface Validator {
  /** Validates a bundle of files whose paths are relative to the bundle root. */
  validateFiles(files: GeneratedFile[], options?: ValidateOptions): Promise<ValidationReport>;
}

export const DEFAULT_LIMITS: PathLimits = { maxFiles: 1000, maxFileBytes: 1024 * 1024 };

/**
 * A validator that owns its parsers: the tree-sitter Python grammar is loaded on the first Python
 * file and reused for every later file and call (TypeScript's parser and the YAML parser need no
 * loading). Make one and keep it for the life of the process.
 */
export function createValidator(): Validator {
  let python: Promise<PythonParser> | undefined;
  const loadPython = (): Promise<PythonParser> => {
    python ??= PythonParser.load().catch((error: unknown) => {
      python = undefined;
      throw error;
    });
    return python;
  };
  return { validateFiles: (files, options) => validateBundle(files, options ?? {}, loadPython) };
}

function toMessage(f: Finding): string {
  return `${f.line}:${f.column} ${f.category} ${f.ruleId}: ${f.message}`;
}

async function validateBundle(files: GeneratedFile[], options: ValidateOptions, python: () => Promise<PythonParser>): Promise<ValidationReport> {
  const limits: PathLimits = { maxFiles: options.maxFiles ?? DEFAULT_LIMITS.maxFiles, maxFileBytes: options.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes };
  const findings: Finding[] = pathProblems(files, limits).map((p) => ({
    file: p.file, line: 1, column: 1, ruleId: p.ruleId, category: p.ruleId === 'paths/unsafe-path' ? 'CWE-22' : 'quality', severity: 'error',
    message: p.message, fix: 'Write files under the bundle root with short relative paths ("src/app.py"), each once and within the limits.',
  }));
  const oversized = new Set(findings.filter((f) => f.ruleId === 'paths/file-too-large').map((f) => f.file));
  const accepted = files.slice(0, limits.maxFiles);
  const parsed = new Map<GeneratedFile, ParsedSource>();
  const units: CodeUnit[] = [];
  for (const file of accepted) {
    const kind = fileKind(file.path);
    if (!isCodeKind(kind) || oversized.has(file.path) || file.content.includes('\0')) continue;
    const source = await parseCode(file, kind, python).catch((error: unknown) => {
      if (!(error instanceof RangeError)) throw error;
      findings.push({
        file: file.path, line: 1, column: 1, ruleId: 'syntax/too-deeply-nested', category: 'syntax', severity: 'error',
        message: 'The file nests too deeply for the parser (stack exhausted); it cannot be checked.', fix: 'Flatten the deeply nested expressions or statements.',
      });
      return undefined;
    });
    if (!source) continue;
    parsed.set(file, source);
    units.push({ path: file.path, language: kind, module: source.module });
  }
  const flows = bundleFlows(units);
  const results: ValidationResult[] = [];
  for (const file of accepted) {
    const kind = fileKind(file.path);
    const source = parsed.get(file);
    let analysis: FileAnalysis = { findings: [], metrics: { linesOfCode: 0, complexity: 0 } };
    if (source && isCodeKind(kind)) analysis = analyzeCode(file, kind, source, flows.get(file.path) ?? new DataFlow(source.module));
    else if (!isCodeKind(kind) && !oversized.has(file.path) && !file.content.includes('\0')) analysis = analyzeDataFile(file, kind);
    findings.push(...analysis.findings.sort((a, b) => a.line - b.line || a.column - b.column));
    results.push({ fileName: file.path, isValid: true, language: languageOf(kind), errors: [], warnings: [], metrics: analysis.metrics });
  }
  if (options.expectTests && !files.some((f) => isTestPath(f.path))) {
    findings.push({
      file: '.', line: 1, column: 1, ruleId: 'quality/missing-tests', category: 'quality', severity: 'warning',
      message: 'Tests were requested but the bundle has no test file.',
      fix: 'Add tests (tests/test_*.py for pytest, *.test.ts for vitest/jest) that exercise the handlers.',
    });
  }
  const byFile = new Map(results.map((r) => [r.fileName, r]));
  for (const f of findings) {
    const result = byFile.get(f.file);
    if (!result) continue;
    if (f.severity === 'error') {
      result.isValid = false;
      result.errors.push(toMessage(f));
    } else if (f.severity === 'warning') {
      result.warnings.push(toMessage(f));
    }
  }
  return { valid: !findings.some((f) => f.severity === 'error'), files: results, findings };
}
