import { describe, expect, it } from 'vitest';
import { isPlaceholderValue, looksRandom } from './placeholder-values.js';

describe('isPlaceholderValue', () => {
  it.each(['${VAR}', '${DB_PASSWORD:-}', '<YOUR_KEY>', 'changeme', 'change_me', 'process.env.X', 'os.environ["X"]',
    '{{ secrets.X }}', '${{ secrets.NPM_TOKEN }}', '***', '********', 'xxxx', 'xxxxxxxxxxxxxxxx', 'AKIAIOSFODNN7EXAMPLE',
    'your-api-key-here', 'REPLACE_ME', 'API_KEY', '$DB_PASS', '%DB_PASS%', '%s', '{password}', 'null', 'true', 'TODO',
    '[[PASSWORD_1]]', '!Ref DbPassword', '{{resolve:secretsmanager:x}}', '/etc/ssl/private/server.key', './secrets/db.txt',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x', 'password', 'secret', '', 'ab', 'write', 'read-only', 'Authorization: <token>', 'Bearer <your token>'])('%j is a placeholder', (v) => {
    expect(isPlaceholderValue(v)).toBe(true);
  });

  it.each(['hunter2xyz', 'Tr0ub4dor&3', 's3cr3t-value-123', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz', 'correct horse battery'])(
    '%j is a value', (v) => {
      expect(isPlaceholderValue(v)).toBe(false);
    },
  );

  it('looksRandom rejects masks and examples, and accepts random and made-up bodies', () => {
    expect(looksRandom('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')).toBe(false);
    expect(looksRandom('IOSFODNN7EXAMPLE')).toBe(false);
    expect(looksRandom('q8Zr2LmX0vTn5KcW9pYb')).toBe(true);
    expect(looksRandom('1234567890abcdefghij')).toBe(true);
  });
});
