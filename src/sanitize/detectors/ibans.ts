import { codeAt, isAlnum } from '../char-classes.js';
import { passesIbanMod97 } from '../checksums.js';
import { PRIORITY } from '../finding-types.js';
import type { Candidate, ScanInput } from '../types.js';
import { numberRuns } from './number-runs.js';

/** IBAN length per country (ISO 13616 registry). */
const IBAN_LENGTH: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28,
  TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** Country, check digits, then the account in groups of four (spaces optional). */
const CANDIDATE = /[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?/g;

/** Letters may surround the long digit run of an IBAN (GB82 WEST 1234…, …MTLC AST0 01S): look this far. */
const AROUND = 16;

/**
 * IBANs of known countries, cut at the country's length and verified with mod-97. Every IBAN's
 * account part holds a run of 8+ digits, so only the neighbourhood of such runs is searched.
 */
export function findIbans(input: ScanInput): Candidate[] {
  const { text } = input;
  const out: Candidate[] = [];
  const reported = new Set<number>();
  for (const run of numberRuns(input)) {
    const from = Math.max(0, run.start - AROUND);
    const window = text.slice(from, run.start + run.text.length + AROUND);
    for (const m of window.matchAll(CANDIDATE)) {
      const start = from + m.index;
      const end = start + ibanLength(text, start, m[0]);
      if (end > start && !reported.has(start)) {
        reported.add(start);
        // mod-97 over the whole account is stronger evidence than a Luhn-valid run inside it
        out.push({ type: 'iban', kind: 'personal', start, end, priority: PRIORITY.personal + 2 });
      }
    }
  }
  return out;
}

/** Length of the valid IBAN starting the match (0 when it is none). */
function ibanLength(text: string, start: number, match: string): number {
  if (isAlnum(codeAt(text, start - 1))) return 0;
  const length = IBAN_LENGTH[match.slice(0, 2)];
  if (length === undefined) return 0;
  const end = cutAfterCharacters(match, length);
  if (end === undefined || isAlnum(codeAt(text, start + end))) return 0;
  return passesIbanMod97(match.slice(0, end).replace(/ /g, '')) ? end : 0;
}

/** Offset just after the n-th non-space character, or undefined when there are fewer. */
function cutAfterCharacters(s: string, n: number): number | undefined {
  let seen = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== ' ') seen++;
    if (seen === n) return i + 1;
  }
  return undefined;
}
