import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { InvalidInputError } from '../domain/errors.js';
import { makeDirectories } from '../fs/make-directories.js';
import type { GeneratedFile } from '../domain/validation-result.js';

/** Why a generated path may not be written, or null when it is safe under the output directory. */
export function unsafePathReason(outDir: string, path: string): string | null {
  if (path.includes('\0')) return 'contains a NUL byte';
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path) || path.startsWith('\\') || path.startsWith('/')) return 'is absolute';
  if (path.split(/[\\/]/).includes('..')) return 'contains ..';
  const target = resolve(outDir, path);
  const rel = relative(outDir, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return 'escapes the output directory';
  return null;
}

/**
 * Writes generated files under `outDir`. Every path is checked before anything is written, so a
 * bundle with one unsafe path writes nothing.
 */
export async function writeGeneratedFiles(outDir: string, files: GeneratedFile[]): Promise<string[]> {
  const root = resolve(outDir);
  const problems = files.map((f) => ({ f, reason: unsafePathReason(root, f.path) })).filter((x) => x.reason !== null);
  if (problems.length > 0) {
    throw new InvalidInputError(`Refusing to write: ${problems.map((p) => `"${p.f.path.replace(/\0/g, '\\0')}" ${p.reason}`).join('; ')}.`);
  }
  const written: string[] = [];
  for (const file of files) {
    const target = resolve(root, file.path);
    makeDirectories(dirname(target));
    await writeFile(target, file.content, 'utf8');
    written.push(target);
  }
  return written;
}

/**
 * Refuses an output directory that cannot be one: an existing file, or a path whose nearest existing
 * ancestor is not a writable directory. Nothing is created here.
 */
export async function assertWritableDirectory(outDir: string): Promise<void> {
  let path = resolve(outDir);
  for (;;) {
    const found = await stat(path).catch(() => null);
    if (found) {
      if (!found.isDirectory()) {
        throw new InvalidInputError(path === resolve(outDir)
          ? `--out ${outDir} is a file, not a directory. Pass a directory (it is created if missing).`
          : `--out ${outDir} cannot be created: ${path} is a file. Pass another directory.`, ['out']);
      }
      const writable = await access(path, constants.W_OK).then(() => true, () => false);
      if (!writable) throw new InvalidInputError(`--out ${outDir} cannot be written: ${path} is not writable by this user. Pass another directory.`, ['out']);
      return;
    }
    const parent = dirname(path);
    if (parent === path) return;
    path = parent;
  }
}
