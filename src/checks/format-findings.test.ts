import { describe, expect, it } from 'vitest';
import { createValidator, formatFindingsForRepair } from './index.js';

describe('formatFindingsForRepair', () => {
  it('renders errors first, grouped by file, with position, CWE, rule and fix', async () => {
    const report = await createValidator().validateFiles([
      { path: 'app.py', content: 'import subprocess\n\ndef handler(event, context):\n    # TODO implement paging\n    subprocess.run(event["cmd"], shell=True)\n' },
    ]);
    const text = formatFindingsForRepair(report);
    expect(text.split('\n')).toEqual([
      '2 problem(s) to fix (1 error(s), 1 warning(s)). Errors must be fixed; keep every other behaviour unchanged.',
      'app.py:',
      expect.stringMatching(/^ {2}5:5 error CWE-78 security\/command-injection: .+ Fix: .+/),
      expect.stringMatching(/^ {2}4:5 warning quality quality\/placeholder-comment: /),
    ]);
  });

  it('says so when there is nothing to fix', () => {
    expect(formatFindingsForRepair({ valid: true, files: [], findings: [] })).toBe('No problems found.');
  });
});
