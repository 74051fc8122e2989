/** Character tests on UTF-16 code units, used by the hand-written detectors (no regex backtracking). */

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAlnum(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c);
}

/** Letters, digits and `_`: what continues an identifier or a token. */
export function isWordChar(c: number): boolean {
  return isAlnum(c) || c === 95;
}

/** Token boundaries: these may not touch a token on either side. */
export const isTokenChar = (c: number): boolean => isWordChar(c);
export const isTokenCharOrDash = (c: number): boolean => isWordChar(c) || c === 45;
/** Letters, digits, `+`, `/` (and `=` when padding may follow): the base64 alphabet. */
export const isBase64Char = (c: number): boolean => isAlnum(c) || c === 43 || c === 47 || c === 61;

/** The code unit at i, or -1 outside the string (so boundary checks need no special case). */
export function codeAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : -1;
}

/**
 * Start of the line containing i, looking back at most `limit` characters (bounded so that many
 * look-ups in one huge single-line input stay linear).
 */
export function lineStart(text: string, i: number, limit = 400): number {
  const floor = Math.max(0, i - limit);
  for (let j = i - 1; j >= floor; j--) if (text.charCodeAt(j) === 10) return j + 1;
  return floor;
}

/** End of the line containing i (index of the newline or text length), looking at most `limit` ahead. */
export function lineEnd(text: string, i: number, limit = 400): number {
  const ceiling = Math.min(text.length, i + limit);
  for (let j = i; j < ceiling; j++) if (text.charCodeAt(j) === 10) return j;
  return ceiling;
}
