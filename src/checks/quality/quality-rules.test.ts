import { describe, expect, it } from 'vitest';
import { createValidator } from '../index.js';

const validator = createValidator();

const branchy = (n: number) => `def route(x):\n${Array.from({ length: n }, (_, i) => `    if x == ${i}:\n        return ${i}\n`).join('')}    return -1\n`;

describe('quality', () => {
  it('reports lines of code and the highest function complexity of a file', async () => {
    const content = '# comment\n\ndef simple():\n    return 1\n\n\ndef two(a, b):\n    if a and b:\n        return 1\n    return 0\n';
    const report = await validator.validateFiles([{ path: 'm.py', content }]);
    expect(report.files[0]?.metrics).toEqual({ linesOfCode: 6, complexity: 3 });
  });

  it('counts TypeScript decision points', async () => {
    const content = 'export function f(a: number, b?: string): string {\n  for (const c of [1]) { if (a > c || !b) return "x"; }\n  return a ? b ?? "y" : "z";\n}\n';
    const report = await validator.validateFiles([{ path: 'f.ts', content }]);
    expect(report.files[0]?.metrics.complexity).toBe(6);
  });

  it('warns about complex functions', async () => {
    const ok = await validator.validateFiles([{ path: 'a.py', content: branchy(14) }]);
    expect(ok.findings).toEqual([]);
    const complex = await validator.validateFiles([{ path: 'a.py', content: branchy(15) }]);
    expect(complex.findings).toMatchObject([{ ruleId: 'quality/complex-function', severity: 'warning', line: 1, category: 'quality' }]);
    expect(complex.valid).toBe(true);
  });

  it('warns about placeholder bodies and comments', async () => {
    const py = 'def a():\n    pass\n\ndef b():\n    """Doc."""\n    ...\n\ndef c():\n    raise NotImplementedError("later")\n\ndef d():\n    # TODO implement\n    return 1\n';
    const ts = 'export function e(): void {\n  throw new Error("Not implemented");\n}\nexport const f = () => {\n  // your code here\n};\n// Uses the placeholder rules of the sanitizer; see the todo list.\n';
    const report = await validator.validateFiles([{ path: 'p.py', content: py }, { path: 'p.ts', content: ts }]);
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([
      'p.py:1 quality/placeholder-code',
      'p.py:4 quality/placeholder-code',
      'p.py:8 quality/placeholder-code',
      'p.py:12 quality/placeholder-comment',
      'p.ts:1 quality/placeholder-code',
      'p.ts:5 quality/placeholder-comment',
    ]);
  });

  it('does not call abstract methods and protocol stubs placeholders', async () => {
    const py = 'from abc import ABC, abstractmethod\nfrom typing import Protocol\n\nclass Store(ABC):\n    @abstractmethod\n    def get(self, key):\n        ...\n\nclass Reader(Protocol):\n    def read(self) -> bytes: ...\n';
    const report = await validator.validateFiles([{ path: 'base.py', content: py }]);
    expect(report.findings).toEqual([]);
  });

  it('warns when tests were asked for and none were written', async () => {
    const files = [{ path: 'app.py', content: 'def f():\n    return 1\n' }];
    const without = await validator.validateFiles(files, { expectTests: true });
    expect(without.findings).toMatchObject([{ file: '.', ruleId: 'quality/missing-tests', severity: 'warning' }]);
    const withTests = await validator.validateFiles([...files, { path: 'tests/test_app.py', content: 'def test_f():\n    assert True\n' }], { expectTests: true });
    expect(withTests.findings).toEqual([]);
    expect((await validator.validateFiles(files)).findings).toEqual([]);
  });
});
