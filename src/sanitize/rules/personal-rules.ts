import { isDigit, isWordChar } from '../char-classes.js';
import { findCardNumbers, findSsns, isSsn } from '../detectors/cards-and-ssns.js';
import { findEmails } from '../detectors/emails.js';
import { findIbans } from '../detectors/ibans.js';
import { findPhones } from '../detectors/phones.js';
import { PRIORITY } from '../finding-types.js';
import type { DetectionRule } from '../types.js';

/** Personal data: emails, phones, payment cards (Luhn), US SSNs, IBANs (mod-97). */
export const PERSONAL_RULES: readonly DetectionRule[] = [
  { id: 'email', type: 'email', kind: 'personal', priority: PRIORITY.personal, keywords: ['@'], find: findEmails },
  { id: 'phone', type: 'phone', kind: 'personal', priority: PRIORITY.personal, keywords: [], find: findPhones },
  { id: 'iban', type: 'iban', kind: 'personal', priority: PRIORITY.personal + 2, keywords: [], find: findIbans },
  { id: 'credit-card', type: 'credit_card', kind: 'personal', priority: PRIORITY.personal + 1, keywords: [], find: findCardNumbers },
  { id: 'us-ssn', type: 'us_ssn', kind: 'personal', priority: PRIORITY.personal + 1, keywords: [], find: findSsns },
  {
    id: 'us-ssn-labelled',
    type: 'us_ssn',
    kind: 'personal',
    priority: PRIORITY.personal + 1,
    keywords: ['ssn', 'SSN', 'Ssn', 'Social', 'social'],
    pattern: /(?:(?:ssn|SSN|Ssn)|[Ss]ocial [Ss]ecurity(?: [Nn]umber| [Nn]o\.?)?)["']?[\s:#=]{1,6}["']?(?<v>\d{9}|\d{3} \d{2} \d{4})(?![\d-])/dg,
    boundary: (c) => isWordChar(c) && !isDigit(c),
    validate: isSsn,
  },
];
