import type { Finding, GeneratedFile } from '../domain/validation-result.js';
import { securityFindings } from './code/analyze-code.js';
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

function analyzeSource(file: GeneratedFile, kind: 'python' | 'typescript' | 'javascript', parsed: ParsedSource): FileAnalysis {
  const findings = [
    ...parsed.syntax,
    ...securityFindings(file.path, kind, parsed.module, isTestPath(file.path)),
    ...qualityFindings(file.path, parsed.module),
  ];
  const loc = linesOfCode(file.content, kind === 'python' ? HASH_COMMENT : SLASH_COMMENT);
  return { findings, metrics: { linesOfCode: loc, complexity: fileComplexity(parsed.module) } };
}

function analyzeYaml(file: GeneratedFile): FileAnalysis {
  const { documents, syntax } = parseYamlSource(file.path, file.content);
  const findings = [...syntax, ...documents.flatMap((doc) => checkTemplate(file.path, doc) ?? [])];
  return { findings, metrics: { linesOfCode: linesOfCode(file.content, HASH_COMMENT), complexity: 1 } };
}

function analyzeJson(file: GeneratedFile, kind: 'json' | 'package-json'): FileAnalysis {
  const { syntax } = parseJsonSource(file.path, file.content);
  const metrics = { linesOfCode: linesOfCode(file.content, []), complexity: 1 };
  if (syntax.length > 0) return { findings: syntax, metrics };
  // The yaml parser reads JSON too and keeps positions, which JSON.parse does not.
  const [root] = parseYamlSource(file.path, file.content).documents;
  if (!root) return { findings: [], metrics };
  const findings = kind === 'package-json' ? checkPackageJson(file.path, root) : checkTemplate(file.path, root) ?? [];
  return { findings, metrics };
}

/** Parses one file with the parser for its kind and runs every rule that applies to it. */
export async function analyzeFile(file: GeneratedFile, kind: FileKind, python: () => Promise<PythonParser>): Promise<FileAnalysis> {
  if (file.content.includes('\0')) return { findings: [], metrics: { linesOfCode: 0, complexity: 0 } };
  switch (kind) {
    case 'python':
      return analyzeSource(file, kind, (await python()).parse(file.path, file.content));
    case 'typescript':
    case 'javascript':
      return analyzeSource(file, kind, parseTypeScriptSource(file.path, file.content));
    case 'yaml':
      return analyzeYaml(file);
    case 'json':
    case 'package-json':
      return analyzeJson(file, kind);
    case 'requirements':
      return { findings: checkRequirements(file.path, file.content), metrics: { linesOfCode: linesOfCode(file.content, HASH_COMMENT), complexity: 1 } };
    case 'text':
      return { findings: [], metrics: { linesOfCode: linesOfCode(file.content, []), complexity: 0 } };
  }
}
