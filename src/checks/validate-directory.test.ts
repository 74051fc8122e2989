import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../domain/errors.js';
import { validateDirectory } from './index.js';

describe('validateDirectory', () => {
  it('reads every file under the directory with relative paths, skipping node_modules and .git', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'skafu-validate-'));
    mkdirSync(path.join(dir, 'src/lib'), { recursive: true });
    mkdirSync(path.join(dir, 'node_modules/x'), { recursive: true });
    mkdirSync(path.join(dir, '.git'), { recursive: true });
    writeFileSync(path.join(dir, 'src/lib/util.py'), 'def f():\n    return 1\n');
    writeFileSync(path.join(dir, 'src/app.ts'), 'export const x = 1;\n');
    writeFileSync(path.join(dir, 'node_modules/x/index.js'), 'eval(input)\n');
    writeFileSync(path.join(dir, '.git/config'), '[core]\n');
    const report = await validateDirectory(dir);
    expect(report.files.map((f) => f.fileName)).toEqual(['src/app.ts', 'src/lib/util.py']);
    expect(report.valid).toBe(true);
  });

  it('throws NotFoundError (exit code 2) for a missing directory', async () => {
    const missing = path.join(tmpdir(), 'skafu-no-such-dir-for-validate');
    await expect(validateDirectory(missing)).rejects.toBeInstanceOf(NotFoundError);
    await expect(validateDirectory(missing)).rejects.toMatchObject({ exitCode: 2 });
  });
});
