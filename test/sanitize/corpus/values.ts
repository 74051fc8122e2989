import { crc32 } from 'node:zlib';
import type { Random } from './random.js';
import { BASE62, BASE64, BASE64URL, DIGITS, HEX, LOWER, UPPER, mixed } from './random.js';

/** Fake values in the real formats, with valid checksums where the format has one. */

function base62(n: number, width: number): string {
  let out = '';
  for (let rest = n; rest > 0; rest = Math.floor(rest / 62)) out = BASE62[rest % 62] + out;
  return out.padStart(width, '0');
}

/** GitHub classic / npm: prefix + 30 random base62 + base62(CRC32(random)) in 6. */
export function checksummedToken(r: Random, prefix: string): string {
  const body = mixed(r, BASE62, 30);
  return prefix + body + base62(crc32(body) >>> 0, 6);
}

export function luhnComplete(partial: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = partial + d;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let n = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) {
        n *= 2;
        if (n > 9) n -= 9;
      }
      sum += n;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable: one digit always completes a Luhn number');
}

export function cardNumber(r: Random): { digits: string; grouping: number[] } {
  const brand = r.int(0, 3);
  if (brand === 0) return { digits: luhnComplete('4' + r.chars(DIGITS, 14)), grouping: [4, 4, 4, 4] };
  if (brand === 1) return { digits: luhnComplete(String(r.int(51, 55)) + r.chars(DIGITS, 13)), grouping: [4, 4, 4, 4] };
  if (brand === 2) return { digits: luhnComplete(r.pick(['34', '37']) + r.chars(DIGITS, 12)), grouping: [4, 6, 5] };
  return { digits: luhnComplete('6011' + r.chars(DIGITS, 11)), grouping: [4, 4, 4, 4] };
}

export function formatCard(card: { digits: string; grouping: number[] }, separator: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const n of card.grouping) {
    parts.push(card.digits.slice(at, at + n));
    at += n;
  }
  return parts.join(separator);
}

function mod97(digits: string): number {
  let rest = 0;
  for (const c of digits) rest = (rest * 10 + Number(c)) % 97;
  return rest;
}

function ibanDigits(s: string): string {
  return [...s].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
}

const IBAN_FORMATS: ReadonlyArray<{ country: string; bban: (r: Random) => string }> = [
  { country: 'DE', bban: (r) => r.chars(DIGITS, 18) },
  { country: 'FR', bban: (r) => r.chars(DIGITS, 23) },
  { country: 'ES', bban: (r) => r.chars(DIGITS, 20) },
  { country: 'NL', bban: (r) => r.chars(UPPER, 4) + r.chars(DIGITS, 10) },
  { country: 'GB', bban: (r) => r.chars(UPPER, 4) + r.chars(DIGITS, 14) },
  { country: 'IT', bban: (r) => r.chars(UPPER, 1) + r.chars(DIGITS, 22) },
  { country: 'BE', bban: (r) => r.chars(DIGITS, 12) },
];

export function iban(r: Random, wrongCheck = false): string {
  const f = r.pick(IBAN_FORMATS);
  const bban = f.bban(r);
  let check = 98 - mod97(ibanDigits(bban + f.country + '00'));
  if (wrongCheck) check = check === 97 ? 2 : check + 1;
  return f.country + String(check).padStart(2, '0') + bban;
}

export function groupBy4(s: string): string {
  return s.replace(/(.{4})(?=.)/g, '$1 ');
}

export function ssn(r: Random): string {
  const area = r.pick([r.int(1, 665), r.int(667, 899)]);
  return `${String(area).padStart(3, '0')}-${String(r.int(1, 99)).padStart(2, '0')}-${String(r.int(1, 9999)).padStart(4, '0')}`;
}

const FIRST = ['alice', 'bob', 'carol', 'dmitri', 'elena', 'farid', 'grace', 'hiro', 'ines', 'jamal', 'kim', 'lena', 'marta', 'noah', 'olga', 'priya'];
const LAST = ['smith', 'garcia', 'nguyen', 'mueller', 'rossi', 'kowalski', 'tanaka', 'okafor', 'dubois', 'silva', 'haddad', 'larsen'];
const DOMAINS = ['acme-corp.io', 'globex.com', 'initech.net', 'umbrella.co.uk', 'hooli.dev', 'contoso.de', 'wayne-enterprises.com', 'piedpiper.org'];

export function personName(r: Random): [string, string] {
  return [r.pick(FIRST), r.pick(LAST)];
}

export function email(r: Random): string {
  const [f, l] = personName(r);
  const local = r.pick([`${f}.${l}`, `${f}${r.int(1, 99)}`, `${f[0]}${l}`, `${f}_${l}+ops`]);
  return `${local}@${r.pick(DOMAINS)}`;
}

export function phone(r: Random): { value: string; needsContext: boolean } {
  const n = (k: number) => r.chars(DIGITS, k);
  const area = () => String(r.int(201, 989));
  const exch = () => String(r.int(200, 999));
  const forms = [
    () => `+1 ${area()} ${exch()} ${n(4)}`,
    () => `+1-${area()}-${exch()}-${n(4)}`,
    () => `(${area()}) ${exch()}-${n(4)}`,
    () => `${area()}-${exch()}-${n(4)}`,
    () => `${area()}.${exch()}.${n(4)}`,
    () => `+44 20 ${r.int(7000, 8999)} ${n(4)}`,
    () => `+44 7700 ${n(6)}`,
    () => `+33 ${r.int(1, 9)} ${n(2)} ${n(2)} ${n(2)} ${n(2)}`,
    () => `+49 30 ${n(8)}`,
    () => `+${r.int(30, 89)}${n(9)}`,
    () => `020 ${r.int(7000, 8999)} ${n(4)}`,
    () => `07${n(3)} ${n(6)}`,
  ];
  const i = r.int(0, forms.length - 1);
  return { value: (forms[i] as () => string)(), needsContext: i >= 10 };
}

export function password(r: Random, urlSafe = false): string {
  const words = ['Tr0ub4dor', 'hunter', 'Sunshine', 'dragon', 'M0nkey', 'Passw0rd', 'Winter', 'Kafka', 'Orion', 'Zebra'];
  const symbols = urlSafe ? '_-~' : '!^_-+&$';
  const form = r.int(0, 2);
  if (form === 0) return `${r.pick(words)}${r.int(10, 9999)}${r.chars(symbols, 1)}${r.chars(LOWER, 2)}`;
  if (form === 1) return mixed(r, UPPER + LOWER + DIGITS + symbols, r.int(12, 24));
  return `${r.pick(words).toLowerCase()}-${r.pick(words).toLowerCase()}-${r.int(100, 999)}`;
}

export function base64Secret(r: Random, n: number): string {
  return mixed(r, BASE64, n);
}

export function jwt(r: Random): string {
  const b64u = (s: string) => Buffer.from(s).toString('base64url');
  const header = b64u(JSON.stringify({ alg: r.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' }));
  const [f, l] = personName(r);
  const payload = b64u(JSON.stringify({ sub: String(r.int(1000, 999999)), name: `${f} ${l}`, iat: 1700000000 + r.int(0, 9999999) }));
  return `${header}.${payload}.${mixed(r, BASE64URL, 43)}`;
}

/** How real key bodies start (DER SEQUENCE → "MI…"/"MH…", OpenSSH magic, PGP packet). */
const KEY_BODY_START: Readonly<Record<string, string>> = {
  'RSA PRIVATE KEY': 'MIIEpAIBAAKCAQEA',
  'PRIVATE KEY': 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ',
  'EC PRIVATE KEY': 'MHcCAQEEI',
  'OPENSSH PRIVATE KEY': 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'PGP PRIVATE KEY BLOCK': 'lQOYBF',
};

export function pemBlock(r: Random, label: string, lines: number, eol = '\n'): string {
  const start = KEY_BODY_START[label] ?? '';
  const base64 = start + Array.from({ length: lines }, () => mixed(r, BASE64, 64)).join('');
  const body = (base64.match(/.{1,64}/g) ?? []).join(eol);
  return `-----BEGIN ${label}-----${eol}${body}${eol}${mixed(r, BASE64, 20)}==${eol}-----END ${label}-----`;
}

export function hex(r: Random, n: number): string {
  return r.chars(HEX, n);
}
