import type { PlantedKind } from './secret-kinds.js';
import { cardNumber, email, formatCard, groupBy4, iban, phone, ssn } from './values.js';

const PERSONAL_CONTEXTS = ['chat', 'prose', 'log', 'json', 'yaml', 'csv', 'markdown'];

/** Personal data as it shows up in tickets, logs, exports and chat. */
export const PERSONAL_KINDS: readonly PlantedKind[] = [
  { type: 'email', make: email, names: ['contactEmail', 'owner', 'reporter'], contexts: PERSONAL_CONTEXTS },
  {
    type: 'phone',
    make: (r) => phone(r).value,
    names: ['phone', 'mobile', 'onCallNumber'],
    contexts: PERSONAL_CONTEXTS,
    wrap: (r, v) => `${r.pick(['call', 'phone:', 'mobile', 'reach me at', 'tel'])} ${v}`,
  },
  {
    type: 'credit_card',
    make: (r) => {
      const card = cardNumber(r);
      return r.pick([formatCard(card, ' '), formatCard(card, '-'), card.digits]);
    },
    names: ['cardNumber', 'pan', 'payment'],
    contexts: PERSONAL_CONTEXTS,
  },
  { type: 'us_ssn', make: ssn, names: ['ssn', 'taxId', 'applicant'], contexts: PERSONAL_CONTEXTS },
  {
    type: 'iban',
    make: (r) => {
      const value = iban(r);
      return r.chance(0.5) ? groupBy4(value) : value;
    },
    names: ['iban', 'payoutAccount', 'bank'],
    contexts: PERSONAL_CONTEXTS,
  },
];
