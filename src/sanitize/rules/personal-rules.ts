import { codeAt, isDigit, isWordChar } from '../char-classes.js';
import { passesLuhn } from '../checksums.js';
import { findEmails } from '../detectors/emails.js';
import { findIbans } from '../detectors/ibans.js';
import { findPhones } from '../detectors/phones.js';
import { PRIORITY } from '../finding-types.js';
import type { DetectionRule } from '../types.js';

/**
 * A digit run that is part of something longer (an id, a decimal, a version, a path) is not a number
 * on its own; a sentence's final dot or dash is fine.
 */
function standsAlone(text: string, start: number, end: number): boolean {
  const before = codeAt(text, start - 1);
  if (isWordChar(before) || ((before === 46 || before === 45 || before === 47) && isDigit(codeAt(text, start - 2)))) return false;
  const after = codeAt(text, end);
  return !(isWordChar(after) || ((after === 46 || after === 45 || after === 47) && isDigit(codeAt(text, end + 1))));
}

/** Published test numbers of card networks and payment providers: documented examples, not cards. */
const TEST_CARD_NUMBERS = new Set([
  '4111111111111111', '4242424242424242', '4012888888881881', '4000056655665556', '4222222222222',
  '5555555555554444', '5105105105105100', '5200828282828210', '2223003122003222', '378282246310005',
  '371449635398431', '378734493671000', '6011111111111117', '6011000990139424', '3530111333300000',
  '3566002020360505', '30569309025904', '38520000023237', '6200000000000005',
]);

/** SSNs printed in advertising and documentation (never issued or withdrawn). */
const EXAMPLE_SSNS = new Set(['078051120', '219099999', '123456789']);

function isCardNumber(raw: string): boolean {
  const digits = raw.replace(/[ -]/g, '');
  if (TEST_CARD_NUMBERS.has(digits) || /^(\d)\1+$/.test(digits) || !passesLuhn(digits)) return false;
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

function isSsn(raw: string): boolean {
  const digits = raw.replace(/\D/g, '');
  const area = Number(digits.slice(0, 3));
  return (
    !EXAMPLE_SSNS.has(digits) && area !== 0 && area !== 666 && area < 900 &&
    digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000'
  );
}

/** Personal data: emails, phones, payment cards (Luhn), US SSNs, IBANs (mod-97). */
export const PERSONAL_RULES: readonly DetectionRule[] = [
  { id: 'email', type: 'email', kind: 'personal', priority: PRIORITY.personal, keywords: ['@'], find: findEmails },
  { id: 'phone', type: 'phone', kind: 'personal', priority: PRIORITY.personal, keywords: [], find: findPhones },
  { id: 'iban', type: 'iban', kind: 'personal', priority: PRIORITY.personal + 2, keywords: [], find: findIbans },
  {
    id: 'credit-card',
    type: 'credit_card',
    kind: 'personal',
    priority: PRIORITY.personal + 1,
    keywords: [],
    pattern: /\d{4}([ -])(?:\d{4}\1\d{4}\1\d{4}(?:\1\d{3})?|\d{6}\1\d{4,5})|\d{13,19}/g,
    validate: (v, { text }, start, end) => standsAlone(text, start, end) && isCardNumber(v),
  },
  {
    id: 'us-ssn',
    type: 'us_ssn',
    kind: 'personal',
    priority: PRIORITY.personal + 1,
    keywords: [],
    pattern: /\d{3}-\d{2}-\d{4}/g,
    validate: (v, { text }, start, end) => standsAlone(text, start, end) && isSsn(v),
  },
  {
    id: 'us-ssn-labelled',
    type: 'us_ssn',
    kind: 'personal',
    priority: PRIORITY.personal + 1,
    keywords: ['ssn', 'social security'],
    keywordsLowercase: true,
    pattern: /(?:\bssn|social security(?: number| no\.?)?)["']?[\s:#=]{1,6}["']?(?<v>\d{9})(?!\d)/dgi,
    validate: isSsn,
  },
];
