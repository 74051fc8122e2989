import { secretTypeFor } from './detectors/assignments.js';
import { PRIORITY } from './finding-types.js';
import type { StringSite } from './json-tree.js';
import type { SecretKeyName } from './key-names.js';
import { secretKeyName } from './key-names.js';
import { isPlaceholderValue } from './placeholder-values.js';
import { ALL_RULE_SET, SECRET_RULE_SET } from './rule-table.js';
import { scanText } from './scan-text.js';
import type { Candidate } from './types.js';

/** Images, archives, certificates: long base64 that must reach the model intact. */
const BASE64_BLOB = /^(?:data:[\w/+.-]{1,100};base64,)?[A-Za-z0-9+/_\r\n-]{256,}={0,2}$/;
const BLOB_MIN = 256;
const PROSE_WORDS = 6;

/** `{ "name": "DB_PASSWORD", "value": "..." }` (Kubernetes env, ECS task definitions). */
function pairedName(site: StringSite): SecretKeyName | undefined {
  if (!site.siblings || !/^(?:value|Value|VALUE)$/.test(site.key ?? '')) return undefined;
  const s = site.siblings;
  const name = s['name'] ?? s['Name'] ?? s['key'] ?? s['Key'];
  return typeof name === 'string' ? secretKeyName(name) : undefined;
}

/** `"apiKeys": ["…", "…"]`, `"tokens": [...]`: each string of a list named by a plural secret noun. */
function listName(site: StringSite): SecretKeyName | undefined {
  const key = site.arrayKey;
  if (key === undefined) return undefined;
  return secretKeyName(key) ?? (/[sS]$/.test(key) ? secretKeyName(key.slice(0, -1)) : undefined);
}

function wordCount(value: string): number {
  return value.trim().split(/\s+/).length;
}

/**
 * The key-aware decision for one string of a JSON tree:
 * - a Candidate covering the whole string when its key names a secret and the string is a literal;
 * - null when the string is a large base64 blob that is not itself a token (passed through intact);
 * - undefined when the string should be scanned like any text.
 */
export function secretValueFinding(value: string, site: StringSite): Candidate | null | undefined {
  if (isServiceAccountKey(site) && !isPlaceholderValue(value)) return whole('gcp_service_account_key', value);
  const name = (site.key === undefined ? undefined : secretKeyName(site.key)) ?? pairedName(site) ?? listName(site);
  if (name) {
    if (isPlaceholderValue(value) || (wordCount(value) >= PROSE_WORDS && !value.includes('-----BEGIN'))) return undefined;
    return whole(typeOfSecretValue(value, name), value);
  }
  if (value.length >= BLOB_MIN && BASE64_BLOB.test(value)) {
    return wholeValueFinding(value, SECRET_RULE_SET) ?? null;
  }
  return undefined;
}

function whole(type: string, value: string): Candidate {
  return { type, kind: 'secret', start: 0, end: value.length, priority: PRIORITY.assignment };
}

/** `private_key` and `private_key_id` of a Google service-account key file. */
function isServiceAccountKey(site: StringSite): boolean {
  return site.siblings?.['type'] === 'service_account' && /^private_key(?:_id)?$/.test(site.key ?? '');
}

function typeOfSecretValue(value: string, name: SecretKeyName): string {
  return wholeValueFinding(value, ALL_RULE_SET)?.type ?? secretTypeFor(name, value);
}

function wholeValueFinding(value: string, rules: Parameters<typeof scanText>[1]): Candidate | undefined {
  const trimmedStart = value.length - value.trimStart().length;
  const trimmedEnd = value.trimEnd().length;
  const found = scanText(value, rules);
  const only = found.length === 1 ? found[0] : undefined;
  if (only && only.start <= trimmedStart && only.end >= trimmedEnd && only.kind === 'secret') {
    return { ...only, start: 0, end: value.length };
  }
  return undefined;
}
