import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { NotFoundError } from '../domain/errors.js';
import type { GeneratedFile, ValidationReport } from '../domain/validation-result.js';
import type { ValidateOptions, Validator } from './validator.js';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/**
 * Every regular file under `dir` (not following links), paths relative with "/" separators, sorted;
 * a single file is a bundle of that one file, named by its base name.
 */
export async function readBundle(dir: string): Promise<GeneratedFile[]> {
  const info = await stat(dir).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  });
  if (info?.isFile()) return [{ path: path.basename(dir), content: await readFile(dir, 'utf8') }];
  if (!info?.isDirectory()) throw new NotFoundError(`Not found: ${dir}. Pass an existing directory of generated files (or one file).`);
  const files: GeneratedFile[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) await walk(child);
      else if (entry.isFile()) files.push({ path: child, content: await readFile(path.join(dir, child), 'utf8') });
    }
  };
  await walk('');
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

export async function validateDirectoryWith(validator: Validator, dir: string, options?: ValidateOptions): Promise<ValidationReport> {
  return validator.validateFiles(await readBundle(dir), options);
}
