import { codeAt, isDigit, isWordChar } from '../char-classes.js';
import { passesLuhn } from '../checksums.js';
import { PRIORITY } from '../finding-types.js';
import type { Candidate, ScanInput } from '../types.js';
import { numberRuns } from './number-runs.js';

/** 4-4-4-4(-3) and 4-6-5 / 4-6-4 groupings with one consistent separator, or 13–19 plain digits. */
const CARD = /\d{4}([ -])(?:\d{4}\1\d{4}\1\d{4}(?:\1\d{3})?|\d{6}\1\d{4,5})|\d{13,19}/g;
const SSN = /\d{3}-\d{2}-\d{4}/g;

/**
 * A digit run that is part of something longer (an id, a decimal, a version, a path) is not a number
 * on its own; a sentence's final dot or dash is fine.
 */
export function standsAlone(text: string, start: number, end: number): boolean {
  const before = codeAt(text, start - 1);
  if (isWordChar(before) || ((before === 46 || before === 45 || before === 47) && isDigit(codeAt(text, start - 2)))) return false;
  const after = codeAt(text, end);
  return !(isWordChar(after) || ((after === 46 || after === 45 || after === 47) && isDigit(codeAt(text, end + 1))));
}

/** Luhn, a known issuer prefix and a length that issuer uses. */
export function isCardNumber(raw: string): boolean {
  const digits = raw.replace(/[ -]/g, '');
  // Networks' published test numbers (4111 1111 1111 1111) count: they are what people test with.
  if (/^(\d)\1+$/.test(digits) || !passesLuhn(digits)) return false;
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  const separated = raw.length !== n;
  if (digits[0] === '4') return n === 13 || n === 16 || (separated && n === 19);
  if ((p2 >= 51 && p2 <= 55) || (p6 >= 222100 && p6 <= 272099)) return n === 16;
  if (p2 === 34 || p2 === 37) return n === 15;
  if (p4 === 6011 || p2 === 65 || (p4 >= 6440 && p4 <= 6499)) return n === 16 || (separated && n === 19);
  if (p4 >= 3528 && p4 <= 3589) return n === 16 || (separated && n === 19);
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p4 >= 3000 && p4 <= 3059)) return n === 14 || n === 16;
  if (p2 === 62) return n === 16 || (separated && n === 19);
  return false;
}

/** Area not 000, 666 or 9xx; group not 00; serial not 0000 (published examples such as 123-45-6789 count). */
export function isSsn(raw: string): boolean {
  const digits = raw.replace(/\D/g, '');
  const area = Number(digits.slice(0, 3));
  return area !== 0 && area !== 666 && area < 900 && digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000';
}

function findInRuns(input: ScanInput, pattern: RegExp, valid: (raw: string) => boolean, type: string): Candidate[] {
  const out: Candidate[] = [];
  for (const run of numberRuns(input)) {
    for (const m of run.text.matchAll(pattern)) {
      const start = run.start + m.index;
      const end = start + m[0].length;
      if (standsAlone(input.text, start, end) && valid(m[0])) {
        out.push({ type, kind: 'personal', start, end, priority: PRIORITY.personal + 1 });
      }
    }
  }
  return out;
}

export function findCardNumbers(input: ScanInput): Candidate[] {
  return findInRuns(input, CARD, isCardNumber, 'credit_card');
}

export function findSsns(input: ScanInput): Candidate[] {
  return findInRuns(input, SSN, isSsn, 'us_ssn');
}
