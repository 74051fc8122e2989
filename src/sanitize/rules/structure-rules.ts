import { isTokenChar, isTokenCharOrDash } from '../char-classes.js';
import { findPrivateKeys } from '../detectors/private-keys.js';
import { findUrlCredentials } from '../detectors/url-credentials.js';
import { PRIORITY } from '../finding-types.js';
import { isPlaceholderValue, looksRandom } from '../placeholder-values.js';
import type { DetectionRule } from '../types.js';

function decodeBase64Url(segment: string): string {
  return Buffer.from(segment.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}

/** A JWT's header is a JSON object naming its algorithm or type. */
function isJwt(token: string): boolean {
  const header = decodeBase64Url(token.slice(0, token.indexOf('.')));
  return /^\{\s*"/.test(header) && /"(?:alg|typ|kid|enc)"\s*:/.test(header);
}

/** `Basic dXNlcjpwYXNz`: base64 of printable `user:password`. */
function isBasicCredential(value: string): boolean {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && colon < decoded.length - 1 && /^[\x20-\x7e]+$/.test(decoded) && !isPlaceholderValue(decoded.slice(colon + 1));
}

function isBearerValue(value: string): boolean {
  return !isPlaceholderValue(value) && value.length >= 16 && /\d/.test(value) && looksRandom(value);
}

/** Key blocks, JWTs, Authorization headers and credentials inside URLs. */
export const STRUCTURE_RULES: readonly DetectionRule[] = [
  {
    id: 'private-key-block',
    type: 'private_key',
    kind: 'secret',
    priority: PRIORITY.structure,
    keywords: ['PRIVATE KEY'],
    find: findPrivateKeys,
  },
  {
    id: 'jwt',
    type: 'jwt',
    kind: 'secret',
    priority: PRIORITY.structure + 2,
    keywords: ['eyJ'],
    anchoredOnKeywords: true,
    pattern: /eyJ[A-Za-z0-9_-]{8,4000}\.e[yw][A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{0,1000}/g,
    boundary: isTokenCharOrDash,
    validate: isJwt,
  },
  {
    id: 'authorization-bearer',
    type: 'bearer_token',
    kind: 'secret',
    priority: PRIORITY.structure + 1,
    keywords: ['Bearer', 'bearer', 'BEARER'],
    pattern: /(?:Bearer|bearer|BEARER)[ \t]{1,5}(?<v>[A-Za-z0-9._~+/-]{16,4000}={0,2})/dg,
    boundary: isTokenChar,
    validate: isBearerValue,
  },
  {
    id: 'authorization-token',
    type: 'bearer_token',
    kind: 'secret',
    priority: PRIORITY.structure + 1,
    keywords: ['Authorization', 'authorization', 'AUTHORIZATION'],
    pattern: /(?:Authorization|authorization|AUTHORIZATION)["']?[ \t]{0,3}[:=][ \t]{0,3}["']?(?:Token|token|Key|ApiKey|SSWS)[ \t]{1,3}(?<v>[A-Za-z0-9._~+/-]{16,500}={0,2})/dg,
    validate: isBearerValue,
  },
  {
    id: 'authorization-basic',
    type: 'basic_auth',
    kind: 'secret',
    priority: PRIORITY.structure + 1,
    keywords: ['Basic', 'basic', 'BASIC'],
    pattern: /(?:Basic|basic|BASIC)[ \t]{1,5}(?<v>[A-Za-z0-9+/]{8,500}={0,2})/dg,
    boundary: isTokenChar,
    validate: isBasicCredential,
  },
  {
    id: 'cli-user-password',
    type: 'basic_auth',
    kind: 'secret',
    priority: PRIORITY.structure,
    keywords: ['-u', '--user'],
    pattern: /(?:-u|--user)[ =]["']?[^\s:"'@]{1,64}:(?<v>[^\s"']{1,256})/dg,
    validate: (v, { text }, _start, _end, matchStart) => /^\s?$/.test(text.charAt(matchStart - 1)) && !isPlaceholderValue(v),
  },
  {
    id: 'url-credentials',
    type: 'connection_string',
    kind: 'secret',
    priority: PRIORITY.structure,
    keywords: ['://'],
    find: findUrlCredentials,
  },
];
