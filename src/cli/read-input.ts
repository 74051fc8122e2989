import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InvalidInputError } from '../domain/errors.js';
import type { CliIO } from './io.js';

async function readStdin(io: CliIO): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function cannotRead(what: string, path: string): InvalidInputError {
  return new InvalidInputError(`Cannot read the ${what} "${path}": check the path (use - to read standard input).`);
}

/** The text of a file argument, or of stdin for `-`. */
export async function readTextArgument(io: CliIO, path: string, what: string): Promise<string> {
  if (path === '-') return readStdin(io);
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch {
    throw cannotRead(what, path);
  }
}

/** A stream of a file argument (checked first, so a bad path fails here), or stdin for `-`. */
export async function openTextArgument(io: CliIO, path: string, what: string): Promise<Readable> {
  if (path === '-') return io.stdin;
  const target = resolve(io.cwd, path);
  const stream = (await stat(target).catch(() => null))?.isFile() ? createReadStream(target, { encoding: 'utf8' }) : null;
  const opened = stream && await new Promise<boolean>((done) => {
    stream.once('ready', () => done(true));
    stream.once('error', () => done(false));
  });
  if (!stream || !opened) throw cannotRead(what, path);
  return stream;
}

/** A JSON or YAML file parsed into a value. */
export async function readStructuredFile(io: CliIO, path: string, what: string): Promise<unknown> {
  const text = await readTextArgument(io, path, what);
  try {
    return /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new InvalidInputError(`The ${what} "${path}" is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML or JSON'}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** A JSON object file (for --context). */
export async function readJsonObject(io: CliIO, path: string, what: string): Promise<Record<string, unknown>> {
  const value = await readStructuredFile(io, path, what);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InvalidInputError(`The ${what} "${path}" must hold a JSON object.`);
  return value as Record<string, unknown>;
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.aws-sam', 'dist', '.skafu-ai']);

/** Every text file under a file-or-directory argument, with paths relative to it. */
export async function readFilesArgument(io: CliIO, path: string, what: string, maxFiles = 200): Promise<{ path: string; content: string }[]> {
  const root = resolve(io.cwd, path);
  const info = await stat(root).catch(() => null);
  if (!info) throw new InvalidInputError(`The ${what} "${path}" does not exist.`);
  if (info.isFile()) return [{ path: path.split(/[\\/]/).pop() ?? path, content: await readFile(root, 'utf8') }];
  const files: { path: string; content: string }[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) pending.push(full);
      } else if (entry.isFile()) {
        if (files.length >= maxFiles) throw new InvalidInputError(`The ${what} "${path}" holds more than ${maxFiles} files; point to a smaller directory.`);
        files.push({ path: relative(root, full).split('\\').join('/'), content: await readFile(full, 'utf8') });
      }
    }
  }
  if (files.length === 0) throw new InvalidInputError(`The ${what} "${path}" holds no files.`);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
