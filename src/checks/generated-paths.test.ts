import { describe, expect, it } from 'vitest';
import { checkGeneratedPaths, createValidator } from './index.js';

const limits = { maxFiles: 10, maxFileBytes: 100 };
const file = (path: string, content = 'x') => ({ path, content });

describe('checkGeneratedPaths', () => {
  it('accepts relative, normalised, unique paths within the limits', () => {
    expect(checkGeneratedPaths([file('src/app.py'), file('template.yaml'), file('tests/test_app.py')], limits)).toEqual([]);
  });

  it.each([
    ['/etc/passwd', 'is absolute'],
    ['\\\\server\\share', 'is absolute'],
    ['~/.ssh/id_rsa', 'is absolute'],
    ['C:/Windows/win.ini', 'drive letter'],
    ['c:evil.txt', 'drive letter'],
    ['../outside.py', '".."'],
    ['src/../../outside.py', '".."'],
    ['src\\app.py', 'backslashes'],
    ['src/./app.py', 'not normalised'],
    ['src//app.py', 'not normalised'],
    ['src/', 'not normalised'],
    ['', 'is empty'],
    ['src/app\0.py', 'NUL byte'],
    ['src/app\n.py', 'control character'],
  ])('rejects %j', (path, reason) => {
    const problems = checkGeneratedPaths([file(path)], limits);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(reason);
  });

  it('rejects duplicates, also those differing only in case', () => {
    expect(checkGeneratedPaths([file('a.py'), file('a.py')], limits)[0]).toContain('duplicates');
    expect(checkGeneratedPaths([file('README.md'), file('readme.md')], limits)[0]).toContain('duplicates');
  });

  it('enforces the file count and the per-file size in UTF-8 bytes', () => {
    const many = Array.from({ length: 11 }, (_, i) => file(`f${i}.txt`));
    expect(checkGeneratedPaths(many, limits)).toEqual(['The bundle has 11 files; at most 10 are allowed.']);
    expect(checkGeneratedPaths([file('big.txt', 'é'.repeat(51))], limits)[0]).toContain('102 bytes');
  });

  it('fails the validation report when a path is unsafe', async () => {
    const report = await createValidator().validateFiles([file('../x.py', 'print(1)\n')], limits);
    expect(report.valid).toBe(false);
    expect(report.findings[0]).toMatchObject({ file: '../x.py', ruleId: 'paths/unsafe-path', category: 'CWE-22', severity: 'error' });
    expect(report.files[0]?.isValid).toBe(false);
  });
});
