import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirectories } from './make-directories.js';

describe('makeDirectories', () => {
  const root = mkdtempSync(join(tmpdir(), 'skafu-mkdir-'));

  it('creates every missing directory and accepts ones that exist', () => {
    const deep = join(root, 'a', 'b', 'c');
    makeDirectories(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    makeDirectories(deep);
    makeDirectories(root);
  });

  it('fails below a file instead of creating anything', () => {
    writeFileSync(join(root, 'file'), 'x');
    expect(() => makeDirectories(join(root, 'file', 'sub'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it.runIf(process.platform === 'linux')('fails at once under /proc, where recursive mkdir never returns', () => {
    expect(() => makeDirectories('/proc/no-such-dir/skafu')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
