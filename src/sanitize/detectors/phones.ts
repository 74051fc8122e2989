import { codeAt, isAlnum, isDigit } from '../char-classes.js';
import { PRIORITY } from '../finding-types.js';
import type { Candidate, ScanInput } from '../types.js';
import { numberRuns } from './number-runs.js';

/** `+` and a country code, then digit groups: E.164 written with or without separators. */
const INTERNATIONAL = /\+[1-9][0-9 .()-]{6,24}/g;
/** `00` and a country code, the international call prefix written out in most of Europe: 0044 20 7946 0958. */
const INTERNATIONAL_00 = /00[1-9][0-9 .()-]{6,24}/g;
/** North American: 555-123-4567, 555.123.4567, (555) 123-4567, 1-555-123-4567. */
const NORTH_AMERICAN = /(?:\b1[ .-])?(?:\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}([ .-])\d{3}\1\d{4})/g;
/** National trunk prefix 0: 020 7946 0958, 01 23 45 67 89, 030/12345678, (0161) 496 0000. */
const NATIONAL = /0\d{1,4}([ ./-])\d{2,8}(?:\1\d{2,8}){0,3}|\(0\d{1,4}\) ?\d{3,8}(?:[ -]\d{2,8}){0,2}/g;

/** Words that make a space-separated digit group a phone number rather than a row of figures. */
const PHONE_CONTEXT = /phone|tel|call|mobile|cell|fax|contact|sms|whatsapp|reach|dial|☎|📞/;

/** Phone numbers in E.164 (with `+` or, next to a word like *phone*, `00`) and the common national formats, with digit-count and boundary checks. */
export function findPhones(input: ScanInput): Candidate[] {
  const { text } = input;
  const out: Candidate[] = [];

  for (const run of numberRuns(input)) {
    for (const m of run.text.matchAll(INTERNATIONAL)) {
      const start = run.start + m.index;
      const end = trimInternational(m[0]);
      if (end !== undefined && boundariesOk(text, start, start + end)) out.push(phone(start, start + end));
    }
    for (const m of run.text.matchAll(INTERNATIONAL_00)) {
      const start = run.start + m.index;
      const rest = trimInternational(m[0].slice(2));
      if (rest !== undefined && boundariesOk(text, start, start + 2 + rest) && hasContext(input, start)) out.push(phone(start, start + 2 + rest));
    }
    for (const m of run.text.matchAll(NORTH_AMERICAN)) {
      const start = run.start + m.index;
      const end = start + m[0].length;
      if (codeAt(text, start - 1) === 43 || !boundariesOk(text, start, end)) continue;
      if (!isNanp(m[0])) continue;
      if (m[1] === ' ' && !hasContext(input, start)) continue;
      out.push(phone(start, end));
    }
    for (const m of run.text.matchAll(NATIONAL)) {
      const start = run.start + m.index;
      const end = start + m[0].length;
      if (!boundariesOk(text, start, end) || !isNational(m[0], m[1])) continue;
      if (m[1] === ' ' && !hasContext(input, start) && digitsOf(m[0]).length < 10) continue;
      out.push(phone(start, end));
    }
  }
  return out;
}

function phone(start: number, end: number): Candidate {
  return { type: 'phone', kind: 'personal', start, end, priority: PRIORITY.personal };
}

function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}

/** Drops trailing digit groups until 8–15 digits remain; undefined when not a plausible number. */
function trimInternational(raw: string): number | undefined {
  if (/[ .()-]{3}|[.-]{2}|\(\)/.test(raw)) return undefined;
  const groups = [...raw.matchAll(/\d+/g)];
  let count = groups.reduce((n, g) => n + g[0].length, 0);
  while (count > 15 && groups.length > 1) count -= groups.pop()?.[0].length ?? 0;
  const last = groups[groups.length - 1];
  if (!last || count < 8 || count > 15) return undefined;
  const end = last.index + last[0].length;
  const opens = (raw.slice(0, end).match(/\(/g) ?? []).length;
  const closes = (raw.slice(0, end).match(/\)/g) ?? []).length;
  return opens === closes && opens <= 1 ? end : undefined;
}

/** Ten digits (after an optional leading 1), not all alike. Fictional 555 and 123-456-7890 count: people test with them. */
function isNanp(raw: string): boolean {
  const digits = digitsOf(raw);
  const local = digits.length === 11 ? digits.slice(1) : digits;
  return /^\d{10}$/.test(local) && !/^(\d)\1+$/.test(local);
}

function isNational(raw: string, separator: string | undefined): boolean {
  const digits = digitsOf(raw);
  if (digits.length < 9 || digits.length > 12 || /^000/.test(digits)) return false;
  const groups = raw.match(/\d+/g) ?? [];
  if (groups.length < 2) return false;
  // 010.001.002.003 is an address, not a number
  return !(separator === '.' && groups.length >= 3 && groups.every((g) => g.length <= 3));
}

function boundariesOk(text: string, start: number, end: number): boolean {
  const before = codeAt(text, start - 1);
  if (isAlnum(before) || before === 95 || before === 46 || before === 45 || before === 47 || before === 43) return false;
  const after = codeAt(text, end);
  if (isAlnum(after) || after === 95) return false;
  return !((after === 46 || after === 45 || after === 47 || after === 58) && isDigit(codeAt(text, end + 1)));
}

function hasContext(input: ScanInput, start: number): boolean {
  return PHONE_CONTEXT.test(input.text.slice(Math.max(0, start - 40), start).toLowerCase());
}
