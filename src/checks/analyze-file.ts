import type { Finding, GeneratedFile } from '../domain/validation-result.js';
import { securityFindings } from './code/analyze-code.js';
import { dataFileSecrets } from './data-file-secrets.js';
import type { DataFlow } from './code/data-flow.js';
import type { CodeLanguage } from './code/rule-context.js';
import { checkPackageJson } from './dependencies/package-json.js';
import { checkRequirements } from './dependencies/requirements-txt.js';
import type { FileKind } from './file-kind.js';
import { isTestPath } from './file-kind.js';
import { parseJsonSource } from './parsers/json-source.js';
import type { PythonParser } from './parsers/python-parser.js';
import type { ParsedSource } from './parsers/typescript-source.js';
import { parseTypeScriptSource } from './parsers/typescript-source.js';
import { parseYamlSource } from './parsers/yaml-source.js';
import { fileComplexity, linesOfCode, qualityFindings } from './quality/quality-rules.js';
import { checkTemplate } from './templates/check-template.js';

export interface FileAnalysis {
  findings: Finding[];
  metrics: { linesOfCode: number; complexity: number };
}

const HASH_COMMENT = ['#'];
const SLASH_COMMENT = ['//', '/*', '*'];

export function isCodeKind(kind: FileKind): kind is CodeLanguage {
  return kind === 'python' || kind === 'typescript' || kind === 'javascript';
}

/** Parses a program file with the parser of its language (tree-sitter for Python, TypeScript's otherwise). */
export async function parseCode(file: GeneratedFile, kind: CodeLanguage, python: () => Promise<PythonParser>): Promise<ParsedSource> {
  return kind === 'python' ? (await python()).parse(file.path, file.content) : parseTypeScriptSource(file.path, file.content);
}

/** Syntax, security (with the bundle's data flow for this file) and quality findings of a program file. */
export function analyzeCode(file: GeneratedFile, kind: CodeLanguage, parsed: ParsedSource, flow: DataFlow): FileAnalysis {
  const findings = [
    ...parsed.syntax,
    ...securityFindings(file.path, kind, parsed.module, isTestPath(file.path), flow),
    ...qualityFindings(file.path, parsed.module),
  ];
  const loc = linesOfCode(file.content, kind === 'python' ? HASH_COMMENT : SLASH_COMMENT);
  return { findings, metrics: { linesOfCode: loc, complexity: fileComplexity(parsed.module) } };
}

/**
 * The findings of the file's own rules, plus the secrets written into it that they did not report.
 * `template`: the file is an infrastructure template, deployed as written.
 */
function withSecrets(file: GeneratedFile, findings: Finding[], template = false): Finding[] {
  const reported = new Set(findings.filter((f) => f.category === 'CWE-798').map((f) => f.line));
  return [...findings, ...dataFileSecrets(file.path, file.content, { reportedLines: reported, template })];
}

function analyzeYaml(file: GeneratedFile): FileAnalysis {
  const { documents, syntax } = parseYamlSource(file.path, file.content);
  const templates = documents.map((doc) => checkTemplate(file.path, doc));
  const findings = withSecrets(file, [...syntax, ...templates.flatMap((found) => found ?? [])], templates.some((found) => found !== null));
  return { findings, metrics: { linesOfCode: linesOfCode(file.content, HASH_COMMENT), complexity: 1 } };
}

function analyzeJson(file: GeneratedFile, kind: 'json' | 'package-json'): FileAnalysis {
  const { root, syntax } = parseJsonSource(file.path, file.content);
  const metrics = { linesOfCode: linesOfCode(file.content, []), complexity: 1 };
  if (syntax.length > 0 || !root) return { findings: withSecrets(file, syntax), metrics };
  if (kind === 'package-json') return { findings: withSecrets(file, checkPackageJson(file.path, root)), metrics };
  const template = checkTemplate(file.path, root);
  return { findings: withSecrets(file, template ?? [], template !== null), metrics };
}

/** Every file that is not a program: templates, JSON, dependency lists, and text (each checked for written-in secrets). */
export function analyzeDataFile(file: GeneratedFile, kind: Exclude<FileKind, CodeLanguage>): FileAnalysis {
  switch (kind) {
    case 'yaml':
      return analyzeYaml(file);
    case 'json':
    case 'package-json':
      return analyzeJson(file, kind);
    case 'requirements':
      return { findings: withSecrets(file, checkRequirements(file.path, file.content)), metrics: { linesOfCode: linesOfCode(file.content, HASH_COMMENT), complexity: 1 } };
    case 'text':
      return { findings: withSecrets(file, []), metrics: { linesOfCode: linesOfCode(file.content, []), complexity: 0 } };
  }
}
