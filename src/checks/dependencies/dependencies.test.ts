import { describe, expect, it } from 'vitest';
import { createValidator } from '../index.js';

const validator = createValidator();

describe('package.json', () => {
  it('rejects *, latest, empty and invalid ranges and accepts real ones', async () => {
    const pkg = {
      name: 'x',
      dependencies: { a: '*', b: 'latest', c: '', d: '^1.2.3', e: '~2.0.0', f: '>=1 <3', g: 'not a range', h: 'npm:lodash@^4.17.21' },
      devDependencies: { i: 'workspace:*', j: 'file:../lib', k: 'github:user/repo', l: '1.x' },
    };
    const report = await validator.validateFiles([{ path: 'package.json', content: JSON.stringify(pkg, null, 2) }]);
    const messages = report.findings.map((f) => `${f.severity} ${f.message}`);
    expect(messages).toEqual([
      'error dependencies.a accepts any version ("*").',
      'error dependencies.b accepts any version ("latest").',
      'error dependencies.c accepts any version ("").',
      'error dependencies.g is not a valid semver range ("not a range").',
      'warning devDependencies.k comes from a git or URL source without a pinned commit.',
    ]);
    expect(report.findings[0]).toMatchObject({ file: 'package.json', line: 4, ruleId: 'deps/invalid-version-range' });
    expect(report.valid).toBe(false);
  });
});

describe('requirements.txt', () => {
  it('checks PEP 508 lines: invalid is an error, unpinned a warning', async () => {
    const content = [
      '# pinned',
      'boto3==1.34.100',
      'requests[socks]==2.32.3 ; python_version >= "3.8"',
      '-r base.txt',
      '--index-url https://pypi.org/simple',
      'flask>=2.0',
      'pydantic',
      'numpy == 1.26.*',
      'mypkg @ https://example.com/mypkg-1.0.tar.gz',
      'this is not valid!',
      '',
    ].join('\n');
    const report = await validator.validateFiles([{ path: 'requirements.txt', content }]);
    expect(report.findings.map((f) => [f.line, f.severity, f.ruleId])).toEqual([
      [6, 'warning', 'deps/unpinned-requirement'],
      [7, 'warning', 'deps/unpinned-requirement'],
      [8, 'warning', 'deps/unpinned-requirement'],
      [10, 'error', 'syntax/invalid-requirement'],
    ]);
    expect(report.files[0]?.language).toBe('requirements');
  });
});
