import type { RedactionCount } from '../domain/redaction.js';
import type { RedactionSession } from '../sanitize/index.js';

/** The sanitized form of a request's input and the report of what was removed (types and counts). */
export function sanitize(session: RedactionSession, input: unknown): [unknown, RedactionCount[]] {
  const { value } = session.redactJson(input);
  return [value, session.counts()];
}
