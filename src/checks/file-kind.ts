/** What the validator knows how to read, decided by the file name. */
export type FileKind = 'python' | 'typescript' | 'javascript' | 'package-json' | 'json' | 'yaml' | 'requirements' | 'text';

export function fileKind(path: string): FileKind {
  const name = path.split('/').pop() ?? path;
  if (/\.py$/i.test(name)) return 'python';
  if (/\.(ts|tsx|mts|cts)$/i.test(name)) return 'typescript';
  if (/\.(js|jsx|mjs|cjs)$/i.test(name)) return 'javascript';
  if (name === 'package.json') return 'package-json';
  if (/\.json$/i.test(name)) return 'json';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  if (/^requirements([-_.][\w.-]*)?\.(txt|in)$/i.test(name)) return 'requirements';
  return 'text';
}

/** The `language` reported for each kind (INTERFACE.md ValidationResult). */
export function languageOf(kind: FileKind): string {
  if (kind === 'package-json') return 'json';
  return kind;
}

const TEST_PATH = /(^|\/)(tests?|__tests__|spec)\/|(^|\/)test_[^/]*\.py$|_test\.py$|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)conftest\.py$/i;

/** Whether the path is a test file by the usual pytest / jest / vitest conventions. */
export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}
