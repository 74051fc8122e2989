import { describe, expect, it } from 'vitest';
import { createValidator } from '../index.js';
import { INTRINSIC_TAGS } from './cloudformation-tags.js';
import { parseYamlSource } from './yaml-source.js';

const validator = createValidator();

async function syntaxOf(path: string, content: string) {
  const report = await validator.validateFiles([{ path, content }]);
  return { report, syntax: report.findings.filter((f) => f.category === 'syntax') };
}

describe('syntax errors carry line and column', () => {
  it('TypeScript', async () => {
    const { report, syntax } = await syntaxOf('src/a.ts', 'const x: number = 1;\nconst y = ;\n');
    expect(report.valid).toBe(false);
    expect(syntax[0]).toMatchObject({ file: 'src/a.ts', line: 2, ruleId: 'syntax/parse-error', severity: 'error' });
    expect(syntax[0]?.column).toBeGreaterThan(1);
    expect(report.files[0]).toMatchObject({ fileName: 'src/a.ts', isValid: false, language: 'typescript' });
  });

  it('JavaScript', async () => {
    const { syntax, report } = await syntaxOf('a.js', 'const a = [1, 2;\n');
    expect(syntax[0]).toMatchObject({ line: 1, column: 16 });
    expect(report.files[0]?.language).toBe('javascript');
  });

  it('Python (tree-sitter)', async () => {
    const { syntax, report } = await syntaxOf('app.py', 'def ok():\n    return 1\n\ndef broken(:\n    return 2\n');
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax[0]).toMatchObject({ line: 4 });
    expect(report.files[0]).toMatchObject({ language: 'python', isValid: false });
  });

  it('YAML', async () => {
    const { syntax } = await syntaxOf('config.yaml', 'a: 1\nb: [1, 2\nc: 3\n');
    expect(syntax[0]?.line).toBeGreaterThanOrEqual(2);
    expect(syntax[0]?.message).toMatch(/Invalid YAML/);
  });

  it('YAML duplicate keys', async () => {
    const { syntax } = await syntaxOf('config.yaml', 'a: 1\na: 2\n');
    expect(syntax[0]).toMatchObject({ line: 2, column: 1 });
  });

  it('JSON', async () => {
    const { syntax } = await syntaxOf('data.json', '{\n  "a": 1,\n  "b": ,\n}\n');
    expect(syntax[0]).toMatchObject({ line: 3, column: 8, category: 'syntax' });
    expect(syntax[0]?.message).toBe("Invalid JSON: Unexpected token ','.");
  });

  it('valid files have no syntax findings', async () => {
    const report = await validator.validateFiles([
      { path: 'a.ts', content: 'export const f = (x: number): number => x * 2;\n' },
      { path: 'b.py', content: 'def f(x):\n    return x * 2\n' },
      { path: 'c.json', content: '{"a": [1, 2]}' },
      { path: 'd.yml', content: 'a: [1, 2]\n' },
      { path: 'notes.md', content: '# Notes\n\ntext\n' },
    ]);
    expect(report.findings).toEqual([]);
    expect(report.files.map((f) => f.language)).toEqual(['typescript', 'python', 'json', 'yaml', 'text']);
  });
});

describe('CloudFormation short-form tags', () => {
  it('accepts every intrinsic on a scalar, a sequence and a mapping', () => {
    const tags = Object.keys(INTRINSIC_TAGS);
    expect(tags).toHaveLength(17);
    const lines = tags.flatMap((tag, i) => [`s${i}: ${tag} value`, `q${i}: ${tag} [a, b]`, `m${i}: ${tag} {k: v}`]);
    const { documents, syntax } = parseYamlSource('template.yaml', `${lines.join('\n')}\n`);
    expect(syntax).toEqual([]);
    const root = documents[0];
    expect(root?.kind).toBe('map');
    const values = root?.kind === 'map' ? root.entries.map((e) => e.value) : [];
    expect(values).toHaveLength(51);
    for (const value of values) expect(value.kind).toBe('intrinsic');
  });

  it('keeps nested intrinsics and long forms as intrinsics', () => {
    const { documents } = parseYamlSource('t.yaml', 'A: !Join ["", [!Ref X, !GetAtt Y.Arn]]\nB: {"Fn::Sub": "x"}\nC:\n  Ref: Z\n');
    const root = documents[0];
    const kinds = root?.kind === 'map' ? root.entries.map((e) => e.value.kind === 'intrinsic' ? e.value.fn : e.value.kind) : [];
    expect(kinds).toEqual(['Fn::Join', 'Fn::Sub', 'Ref']);
  });
});
