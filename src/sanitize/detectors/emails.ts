import { codeAt, isAlnum, isAsciiLetter } from '../char-classes.js';
import { PRIORITY } from '../finding-types.js';
import type { Candidate, ScanInput } from '../types.js';

/** `icon@2x.png`, `pkg@scope.js`: file names, not addresses. */
const FILE_EXTENSION = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'ico', 'js', 'mjs', 'cjs', 'ts', 'tsx', 'jsx', 'json', 'css', 'scss',
  'html', 'map', 'txt', 'yml', 'yaml', 'lock', 'log', 'tgz', 'zip', 'wasm', 'md',
]);

function isLocalChar(c: number): boolean {
  // letters, digits and . _ % + - '
  return isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45 || c === 39;
}

function isDomainChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 45;
}

/** Email addresses, found from each `@` outwards (linear; no regex backtracking over long words). */
export function findEmails({ text }: ScanInput): Candidate[] {
  const out: Candidate[] = [];
  let at = text.indexOf('@');
  while (at !== -1) {
    const found = emailAround(text, at);
    if (found) out.push({ type: 'email', kind: 'personal', start: found[0], end: found[1], priority: PRIORITY.personal });
    at = text.indexOf('@', found ? found[1] : at + 1);
  }
  return out;
}

function emailAround(text: string, at: number): [number, number] | undefined {
  let start = at;
  while (start > 0 && at - start < 64 && isLocalChar(text.charCodeAt(start - 1))) start--;
  if (isLocalChar(codeAt(text, start - 1))) return undefined; // longer than a local part may be
  while (start < at && !isAlnum(text.charCodeAt(start))) start++; // leading dots/quotes are not part of it
  if (start === at) return undefined;
  let end = at + 1;
  const limit = Math.min(text.length, at + 254);
  while (end < limit && isDomainChar(text.charCodeAt(end))) end++;
  while (end > at + 1 && !isAlnum(text.charCodeAt(end - 1))) end--; // a sentence's final dot
  const domain = text.slice(at + 1, end).toLowerCase();
  // Documentation domains (example.com, .test) count too: a person's name at one reads as personal data.
  if (!isHostName(domain)) return undefined;
  const tld = domain.slice(domain.lastIndexOf('.') + 1);
  if (FILE_EXTENSION.has(tld) || /^\d+x\./.test(domain)) return undefined;
  const local = text.slice(start, at);
  if (local === 'git' && codeAt(text, end) === 58) return undefined; // git@host:org/repo (SSH remote)
  return [start, end];
}

function isHostName(domain: string): boolean {
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  if (labels.some((l) => l.length === 0 || l.length > 63 || l.startsWith('-') || l.endsWith('-'))) return false;
  const tld = labels[labels.length - 1] ?? '';
  if (tld.length < 2 || tld.length > 24) return false;
  for (let i = 0; i < tld.length; i++) if (!isAsciiLetter(tld.charCodeAt(i))) return false;
  return true;
}
