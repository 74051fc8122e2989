/**
 * The sanitizer's only door: detectors for secrets, credentials and personal data, and a redactor that
 * replaces only the sensitive span with a typed placeholder, over strings and JSON trees.
 * Vocabulary, placeholders and what is deliberately not flagged: ./README.md.
 */
import { RedactionSession } from './redaction-session.js';
import type { SanitizeFinding } from './types.js';

export { FINDING_TYPES, PERSONAL_TYPES, SECRET_TYPES } from './finding-types.js';
export { findSecrets } from './find-secrets.js';
export { RedactionSession } from './redaction-session.js';
export type { JsonSanitizeFinding, RedactionSessionOptions } from './redaction-session.js';
export { secretKeyName, splitKeyTokens } from './key-names.js';
export { isPlaceholderValue } from './placeholder-values.js';
export type { SanitizeFinding, SecretMatch } from './types.js';

/** Redacts one text with a fresh session (placeholders numbered from 1). */
export function sanitizeText(text: string): { text: string; findings: SanitizeFinding[] } {
  return new RedactionSession().redactText(text);
}
