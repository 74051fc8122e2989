import { SECRET_RULE_SET } from './rule-table.js';
import { scanText } from './scan-text.js';
import type { SecretMatch } from './types.js';

/** Secrets and credentials only (no personal data), sorted by offset; reused by the code validator (CWE-798). */
export function findSecrets(text: string): SecretMatch[] {
  return scanText(text, SECRET_RULE_SET).map(({ type, start, end }) => ({ type, start, end }));
}
