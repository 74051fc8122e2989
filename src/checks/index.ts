/**
 * The generated-code validator: parsers per language (TypeScript compiler API for TS/JS, tree-sitter
 * for Python, `yaml` with CloudFormation tags, JSON, package.json, requirements.txt), security rules
 * tagged with CWE ids with data flow from the handler's event to the sink, SAM/CloudFormation rules,
 * quality metrics, and generated-path safety. Pure functions over `{path, content}` files.
 *
 * Metrics: `linesOfCode` counts non-blank lines that are not only a comment; `complexity` is the
 * highest McCabe cyclomatic complexity of any function in the file (or of its top level), i.e. the
 * max, not the sum — the figure the complex-function warning (over 10) is about.
 */
import type { ValidationReport } from '../domain/validation-result.js';
import { validateDirectoryWith } from './validate-directory.js';
import type { ValidateOptions, Validator } from './validator.js';
import { createValidator } from './validator.js';

export type { ValidateOptions, Validator } from './validator.js';
export { createValidator, DEFAULT_LIMITS } from './validator.js';
export { checkGeneratedPaths, pathProblems } from './generated-paths.js';
export type { PathLimits, PathProblem } from './generated-paths.js';
export { formatFindingsForRepair } from './format-findings.js';
export { readBundle } from './validate-directory.js';
export { fileKind, isTestPath } from './file-kind.js';
export { cloudFormationTags, INTRINSIC_TAGS } from './parsers/cloudformation-tags.js';

/**
 * The validator behind `validateDirectory`: created on first use and kept in this closure (not in a
 * module-level variable) so that parsers load once per process for callers that do not hold their own.
 */
const defaultValidator = ((): (() => Validator) => {
  let instance: Validator | undefined;
  return () => (instance ??= createValidator());
})();

/** Validates every file under `dir` (skipping node_modules and .git); paths in the report are relative to `dir`. */
export function validateDirectory(dir: string, options?: ValidateOptions): Promise<ValidationReport> {
  return validateDirectoryWith(defaultValidator(), dir, options);
}
