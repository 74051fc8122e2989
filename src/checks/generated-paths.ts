import type { GeneratedFile } from '../domain/validation-result.js';

export interface PathLimits {
  maxFiles: number;
  maxFileBytes: number;
}

export interface PathProblem {
  /** The offending path as given (may be empty or hold control characters). */
  file: string;
  ruleId: 'paths/unsafe-path' | 'paths/duplicate' | 'paths/too-many-files' | 'paths/file-too-large';
  message: string;
}

function describe(path: string): string {
  return JSON.stringify(path);
}

function unsafeReason(path: string): string | null {
  if (path === '') return 'is empty';
  if (path.includes('\0')) return 'contains a NUL byte';
  if ([...path].some((c) => c.charCodeAt(0) < 0x20)) return 'contains a control character';
  if (/^[A-Za-z]:/.test(path)) return 'starts with a drive letter';
  if (path.startsWith('/') || path.startsWith('\\') || path.startsWith('~')) return 'is absolute';
  if (path.includes('\\')) return 'uses backslashes (write paths with "/")';
  const segments = path.split('/');
  if (segments.includes('..')) return 'climbs out with ".."';
  if (segments.some((s) => s === '' || s === '.')) return 'is not normalised (empty or "." segment)';
  return null;
}

/** Every path problem of a bundle, per file (see checkGeneratedPaths). */
export function pathProblems(files: readonly GeneratedFile[], limits: PathLimits): PathProblem[] {
  const problems: PathProblem[] = [];
  if (files.length > limits.maxFiles) {
    problems.push({ file: '.', ruleId: 'paths/too-many-files', message: `The bundle has ${files.length} files; at most ${limits.maxFiles} are allowed.` });
  }
  const seen = new Map<string, string>();
  for (const file of files) {
    const reason = unsafeReason(file.path);
    if (reason) problems.push({ file: file.path, ruleId: 'paths/unsafe-path', message: `Path ${describe(file.path)} ${reason}.` });
    const folded = file.path.toLowerCase();
    const earlier = seen.get(folded);
    if (earlier !== undefined) {
      problems.push({ file: file.path, ruleId: 'paths/duplicate', message: `Path ${describe(file.path)} duplicates ${describe(earlier)}.` });
    } else {
      seen.set(folded, file.path);
    }
    const bytes = Buffer.byteLength(file.content, 'utf8');
    if (bytes > limits.maxFileBytes) {
      problems.push({ file: file.path, ruleId: 'paths/file-too-large', message: `File ${describe(file.path)} is ${bytes} bytes; at most ${limits.maxFileBytes} are allowed.` });
    }
  }
  return problems;
}

/**
 * Generated-file safety: paths must be relative and normalised (no `..`, absolute prefixes, drive
 * letters, backslashes, NUL or control characters), unique (case-insensitively, as on macOS and
 * Windows), within the file-count and per-file size limits. Returns one message per problem; an empty
 * list means the bundle may be written to disk.
 */
export function checkGeneratedPaths(files: GeneratedFile[], limits: PathLimits): string[] {
  return pathProblems(files, limits).map((p) => p.message);
}
