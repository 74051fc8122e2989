import type { ScanInput } from '../types.js';

/** A maximal stretch of digits and number punctuation (`+ ( ) . - /` and spaces). */
export interface NumberRun {
  start: number;
  /** The run itself, for the number detectors' regexes (offsets are relative to `start`). */
  text: string;
}

/** Starts like a number (`+4`, `(0`, `45`, `1-5`), then at least 7 characters: short numbers never allocate a match. */
const RUN = /(?:[+(]\d|\d\d|\d[ .-]\d)[\d .()/-]{5,}/g;
/** Fewer digits than this cannot be a phone number, card, SSN or national number. */
const MIN_DIGITS = 8;

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * The runs that may hold a phone number, card number or SSN, found in one pass and shared by those
 * detectors (kept on the scan input), so that each does not try its regex at every digit of the text.
 */
export function numberRuns(input: ScanInput): readonly NumberRun[] {
  if (input.numberRuns) return input.numberRuns;
  const runs: NumberRun[] = [];
  for (const m of input.text.matchAll(RUN)) {
    if (m[0].length >= MIN_DIGITS && countDigits(m[0]) >= MIN_DIGITS) runs.push({ start: m.index, text: m[0] });
  }
  input.numberRuns = runs;
  return runs;
}
