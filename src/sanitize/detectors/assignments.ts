import { isAlnum, lineStart } from '../char-classes.js';
import { PRIORITY } from '../finding-types.js';
import type { SecretKeyName } from '../key-names.js';
import { secretKeyName } from '../key-names.js';
import { isPlaceholderValue } from '../placeholder-values.js';
import type { Candidate, ScanInput } from '../types.js';
import type { ValueSpan } from './assignment-value.js';
import { valueAt } from './assignment-value.js';

/** The secret nouns a secret-named key ends with, in any case, at the end of an identifier (then checked by token). */
const KEY_FRAGMENTS = /(?:pass(?:word|wd|phrase|code)?|pwd|secret|token|key|credentials?)(?![A-Za-z0-9_])/gi;
const MAX_KEY = 100;

function isKeyChar(c: number): boolean {
  return isAlnum(c) || c === 95 || c === 45 || c === 46; // letters, digits, _ - .
}

/**
 * Offsets, ascending, where a key may end with a secret noun. A noun followed by more identifier
 * characters (`tokens_used`, `secretsManagerArn`, `keyboard`) cannot end one and is never reported.
 */
function keyEnds(text: string): number[] {
  const ends: number[] = [];
  for (const m of text.matchAll(KEY_FRAGMENTS)) ends.push(m.index + m[0].length);
  return ends;
}

/** Only indentation, `export` or a YAML list dash before the key: an env/INI/YAML/TOML line. */
function startsLine(text: string, keyStart: number): boolean {
  let i = keyStart;
  const skipBlanks = () => {
    while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  };
  skipBlanks();
  if (text.startsWith('export', i - 6) && i < keyStart) i -= 6;
  else if (text.charCodeAt(i - 1) === 45 && i < keyStart) i--;
  skipBlanks();
  return i === 0 || text.charCodeAt(i - 1) === 10 || text.charCodeAt(i - 1) === 13;
}

/** `- name: DB_PASSWORD` followed by `value: ...` (Kubernetes env, ECS task definitions). */
const NAME_BEFORE = /(?:^|[\s{,-])["']?(?:name|Name|NAME|key|Key)["']?[ \t]*[:=][ \t]*["']?$/;
const VALUE_AFTER_NAME = /["']?[ \t]*,?[ \t]*(?:\r?\n[ \t]*-?[ \t]*)?["']?(?:value|Value|VALUE)["']?[ \t]*[:=][ \t]*/y;

/**
 * Secret-named keys assigned a literal in env files, YAML, JSON, TOML, INI, XML, query strings, CLI
 * flags and source code. Only the value span is reported, never the key.
 */
export function findAssignments({ text }: ScanInput): Candidate[] {
  const out: Candidate[] = [];
  let resumeAt = 0;
  const names = new Map<string, SecretKeyName | undefined>(); // keys repeat: tokenize each once per scan
  for (const hit of keyEnds(text)) {
    if (hit < resumeAt) continue;
    let keyStart = hit;
    while (keyStart > 0 && hit - keyStart < MAX_KEY && isKeyChar(text.charCodeAt(keyStart - 1))) keyStart--;
    let keyEnd = hit;
    while (keyEnd < text.length && keyEnd - hit < MAX_KEY && isKeyChar(text.charCodeAt(keyEnd))) keyEnd++;
    resumeAt = keyEnd;
    while (keyStart < keyEnd && '-.'.includes(text[keyStart] ?? '')) keyStart++;
    const flag = text.startsWith('--', keyStart - 2);
    while (keyEnd > keyStart && '-.'.includes(text[keyEnd - 1] ?? '')) keyEnd--;
    const key = text.slice(keyStart, keyEnd);
    const qualified = qualifiedNoun(text, keyStart, key);
    let name = names.get(qualified);
    if (name === undefined && !names.has(qualified)) {
      name = secretKeyName(qualified);
      names.set(qualified, name);
    }
    if (!name) continue;
    const span = assignedValue(text, keyStart, keyEnd, key, flag) ?? pairedValue(text, keyStart, keyEnd, key);
    if (!span) continue;
    const value = text.slice(span.start, span.end);
    if (isPlaceholderValue(value)) continue;
    out.push({ type: secretTypeFor(name, value), kind: 'secret', start: span.start, end: span.end, priority: PRIORITY.assignment });
  }
  return out;
}

/** `api key`, `access token` written as two words: the bare noun takes the word before it as qualifier. */
function qualifiedNoun(text: string, keyStart: number, key: string): string {
  const gap = text.charCodeAt(keyStart - 1);
  if ((gap !== 32 && gap !== 9) || !/^(?:key|token)$/i.test(key)) return key;
  const before = /([A-Za-z]{2,20})[ \t]$/.exec(text.slice(Math.max(0, keyStart - 22), keyStart));
  return before ? `${before[1]}_${key}` : key;
}

function assignedValue(text: string, keyStart: number, keyEnd: number, key: string, flag: boolean): ValueSpan | undefined {
  let p = keyEnd;
  const before = text[keyStart - 1];
  // JSON inside a JSON string (logs, payloads): \"password\":\"...\"
  const escaped = before === '"' && text[keyStart - 2] === '\\' && text[p] === '\\' && text[p + 1] === '"';
  const quotedKey = escaped || ((before === '"' || before === "'") && text[p] === before);
  if (quotedKey) p += escaped ? 2 : 1;
  if (before === '<' && text[p] === '>') return xmlElementValue(text, p + 1, key);
  const spaceStart = p;
  while ((text[p] === ' ' || text[p] === '\t') && p - spaceStart < 8) p++;
  const spacedBefore = p > spaceStart;
  const operator = /^(?::=|=>|===|==|=|:(?!:)|is[ \t])/.exec(text.slice(p, p + 3))?.[0];
  let comparison = false;
  if (operator) {
    if (operator === ':' && !quotedKey && !/^[ \t"']/.test(text[p + 1] ?? '')) return undefined;
    if (operator.startsWith('is') && !spacedBefore) return undefined;
    comparison = operator === '==' || operator === '===';
    p += operator.length;
  } else if (!(flag && spacedBefore)) {
    return undefined;
  }
  const afterOperator = p;
  while ((text[p] === ' ' || text[p] === '\t') && p - afterOperator < 8) p++;
  const spacedOperator = spacedBefore || p > afterOperator;
  const lineStyle = startsLine(text, keyStart);
  const prose = operator?.startsWith('is') === true;
  return valueAt(text, p, { keyStart, key, comparison, spacedOperator, flag: flag && !operator, lineStyle: lineStyle && !prose, prose });
}

function xmlElementValue(text: string, p: number, key: string): ValueSpan | undefined {
  const close = text.slice(p, p + 1000).indexOf(`</${key}>`);
  if (close <= 0) return undefined;
  const value = text.slice(p, p + close);
  return value.includes('<') || value.includes('\n') ? undefined : { start: p, end: p + close, quoted: true };
}

function pairedValue(text: string, keyStart: number, keyEnd: number, key: string): ValueSpan | undefined {
  if (!NAME_BEFORE.test(text.slice(lineStart(text, keyStart), keyStart))) return undefined;
  const after = new RegExp(VALUE_AFTER_NAME); // a copy: lastIndex is per call
  after.lastIndex = keyEnd;
  const m = after.exec(text);
  if (!m) return undefined;
  const p = keyEnd + m[0].length;
  return valueAt(text, p, { keyStart: p, key, comparison: false, spacedOperator: false, flag: false, lineStyle: false, prose: false });
}

const VENDOR_TYPES: Readonly<Record<string, string>> = {
  twilio: 'twilio_key', sendgrid: 'sendgrid_key', stripe: 'stripe_key', slack: 'slack_token', github: 'github_token',
  gitlab: 'gitlab_token', npm: 'npm_token', pypi: 'pypi_token', openai: 'openai_api_key', anthropic: 'anthropic_api_key',
  hf: 'huggingface_token', huggingface: 'huggingface_token',
};

/** The finding type for a secret-named key's value: narrowed by the key's tokens and the value's shape. */
export function secretTypeFor(name: SecretKeyName, value: string): string {
  const t = new Set(name.tokens);
  const awsLike = t.has('aws') || (t.has('secret') && t.has('access') && t.has('key'));
  if (awsLike && /^[A-Za-z0-9/+]{40}$/.test(value)) return 'aws_secret_access_key';
  if (t.has('aws') && t.has('session')) return 'aws_session_token';
  if ((t.has('azure') || t.has('storage') || t.has('account')) && /^[A-Za-z0-9+/]{86}==$/.test(value)) return 'azure_storage_key';
  for (const token of name.tokens) {
    const vendor = VENDOR_TYPES[token];
    if (vendor) return vendor;
  }
  return name.noun === 'password' ? 'password' : 'generic_secret';
}
