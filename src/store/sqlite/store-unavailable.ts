import { StoreUnavailableError } from '../../domain/errors.js';

/** SQLite result codes that mean the store cannot answer right now; everything else is a bug. */
const UNAVAILABLE_CODE = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|CORRUPT|NOTADB|READONLY|FULL|PERM|PROTOCOL|NOMEM|NOLFS|AUTH)/;
/** File-system failures while creating the directory or opening the file. */
const UNAVAILABLE_ERRNO = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOENT', 'EISDIR', 'ENOSPC', 'EIO', 'EEXIST']);

function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : null;
}

function adviceFor(code: string, path: string, busyTimeoutMs: number): string {
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) {
    return `The store ${path} stayed locked for more than ${busyTimeoutMs} ms: another process holds a write lock on it. `
      + 'Check for a stuck skafu-ai process using the same file, or raise the busy timeout.';
  }
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) {
    return `The store ${path} is not a readable SQLite database (corrupt or another kind of file). `
      + 'Move it aside and run `skafu-ai store init`, or point SKAFU_AI_DB at another file.';
  }
  if (/^SQLITE_(IOERR|FULL|NOLFS)/.test(code) || code === 'ENOSPC' || code === 'EIO') {
    return `The store ${path} could not be read or written (disk I/O error). Check free disk space and the file system holding it.`;
  }
  return `The store ${path} cannot be opened or written. Check that its directory exists or can be created, `
    + 'that this user may read and write the file and its -wal/-shm companions, or set SKAFU_AI_DB to another path.';
}

/**
 * Turns a failure that means "the store cannot answer" into a StoreUnavailableError (fail closed:
 * callers refuse the request). Other errors are returned unchanged: they are programming errors.
 */
export function toStoreError(error: unknown, path: string, busyTimeoutMs: number): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const code = codeOf(error);
  const reason = error instanceof Error ? error.message : String(error);
  const unavailable = (code !== null && (UNAVAILABLE_CODE.test(code) || UNAVAILABLE_ERRNO.has(code)))
    || (error instanceof TypeError && /directory does not exist/.test(reason));
  if (!unavailable) return error;
  // File-system errors already start with their code ("ENOENT: no such file or directory, mkdir …").
  const detail = code !== null && reason.startsWith(`${code}:`) ? reason : `${code ?? 'open failed'}: ${reason}`;
  const wrapped = new StoreUnavailableError(`${adviceFor(code ?? 'SQLITE_CANTOPEN', path, busyTimeoutMs)} (${detail})`);
  wrapped.cause = error;
  return wrapped;
}
