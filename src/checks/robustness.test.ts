import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createValidator } from './index.js';

const validator = createValidator();
const NAMES = ['a.py', 'a.ts', 'a.js', 'template.yaml', 'data.json', 'package.json', 'requirements.txt', 'notes.txt'];

describe('validator robustness', () => {
  it('never throws on arbitrary content and reports positions from 1', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...NAMES), fc.string({ maxLength: 300, unit: 'binary' }), async (path, content) => {
      const report = await validator.validateFiles([{ path, content }]);
      expect(report.files).toHaveLength(1);
      for (const f of report.findings) {
        expect(f.line).toBeGreaterThanOrEqual(1);
        expect(f.column).toBeGreaterThanOrEqual(1);
      }
    }), { numRuns: 150 });
  });

  it('handles deeply nested and very long expressions without a stack overflow', async () => {
    const deepPy = `x = ${'('.repeat(2000)}1${')'.repeat(2000)}\n`;
    const longTs = `export const s = ${Array.from({ length: 5000 }, (_, i) => `"${i}"`).join(' + ')};\n`;
    const deepJs = `const v = ${'['.repeat(3000)}${']'.repeat(3000)};\n`;
    const report = await validator.validateFiles([{ path: 'deep.py', content: deepPy }, { path: 'long.ts', content: longTs }, { path: 'deep.js', content: deepJs }]);
    expect(report.files).toHaveLength(3);
    for (const f of report.findings) expect(['syntax', 'quality']).toContain(f.category);
  });
});
