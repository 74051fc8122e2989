import { PRIORITY } from '../finding-types.js';
import type { Candidate, ScanInput } from '../types.js';

const BEGIN = '-----BEGIN ';
const HEADER = /-----BEGIN (?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----/y;
const MAX_BLOCK = 20_000;

/** Characters of a PEM/OpenSSH/PGP body, also when it sits inside a JSON string with `\n` escapes. */
function isBodyChar(c: number): boolean {
  return (
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ||
    c === 43 || c === 47 || c === 61 || c === 92 || c === 10 || c === 13 || c === 32 || c === 9 ||
    c === 58 || c === 44 || c === 45
  );
}

/**
 * PEM (PKCS#1/#8, EC, DSA, encrypted), OpenSSH and PGP private key blocks. The whole block from BEGIN
 * to the END line is the span; a block cut off before its END line runs to the end of its body.
 */
export function findPrivateKeys({ text }: ScanInput): Candidate[] {
  const out: Candidate[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf(BEGIN, from);
    if (at === -1) break;
    const header = headerAt(text, at);
    if (!header) {
      from = at + BEGIN.length;
      continue;
    }
    const bodyStart = at + header.length;
    const end = blockEnd(text, bodyStart);
    if (bodyLooksReal(text, bodyStart, end)) {
      out.push({ type: 'private_key', kind: 'secret', start: at, end, priority: PRIORITY.structure });
    }
    from = Math.max(end, at + BEGIN.length);
  }
  return out;
}

function headerAt(text: string, at: number): string | undefined {
  const re = new RegExp(HEADER); // a copy: lastIndex is per call
  re.lastIndex = at;
  return re.exec(text)?.[0];
}

function blockEnd(text: string, bodyStart: number): number {
  const limit = Math.min(text.length, bodyStart + MAX_BLOCK);
  const window = text.slice(bodyStart, limit);
  const relative = window.indexOf('-----END ');
  const endMarker = relative === -1 ? -1 : bodyStart + relative;
  if (endMarker !== -1) {
    const close = text.indexOf('-----', endMarker + 9);
    if (close !== -1 && close - endMarker < 80) return close + 5;
  }
  let i = bodyStart;
  while (i < limit && isBodyChar(text.charCodeAt(i))) i++;
  while (i > bodyStart && /[\s\\]/.test(text[i - 1] ?? '')) i--;
  return i;
}

/** Documentation shows `-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----`: no key material. */
function bodyLooksReal(text: string, start: number, end: number): boolean {
  let base64 = 0;
  for (let i = start; i < end && base64 < 40; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47) base64++;
  }
  return base64 >= 40;
}
