/**
 * Whether a key (JSON property, env variable, YAML/INI/TOML key, identifier) names a secret.
 * Matching is by whole tokens of the key, never by substring: `apiKey`, `client_secret` and
 * `DB_PASSWORD` name secrets; `tokens_used`, `passwordPolicy` and `secretsManagerArn` do not, because
 * the last token (the head noun of the compound) decides.
 */

const PASSWORD_NOUNS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'pass', 'passcode']);
const SECRET_NOUNS = new Set(['secret', 'credential', 'credentials', 'apikey']);

/** Tokens that make `<x>_token` a pagination cursor, a counter or a lexer token rather than a credential. */
const NON_CREDENTIAL_TOKEN_QUALIFIERS = new Set([
  'next', 'page', 'pagination', 'continuation', 'sync', 'cancellation', 'cancel', 'max', 'min', 'total',
  'input', 'output', 'prompt', 'completion', 'num', 'count', 'lexer', 'parse', 'parser', 'eos', 'bos',
  'pad', 'unk', 'sep', 'cls', 'mask', 'special', 'start', 'end', 'stop', 'vocab', 'design', 'color', 'theme',
  'cache', 'reasoning', 'thinking',
]);

/** Only these make `<x>_key` a secret; `primary_key`, `partition_key`, `public_key`, `cache_key` stay. */
const SECRET_KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'signing', 'sign', 'encryption', 'encrypt', 'decryption', 'master',
  'account', 'auth', 'app', 'application', 'client', 'session', 'shared', 'storage', 'service', 'subscription',
  'license', 'licence', 'hmac', 'jwt', 'crypto', 'cipher', 'aes', 'ssh', 'deploy', 'admin', 'webhook', 'root',
  'server', 'write', 'ingest', 'ingestion', 'management', 'mgmt', 'stripe', 'sendgrid', 'openai', 'anthropic',
  'mailgun', 'twilio', 'algolia', 'datadog', 'dd', 'newrelic', 'firebase', 'maps', 'gcp', 'azure', 'aws',
  'consumer', 'token', 'bot', 'sas', 'cosmos', 'vault',
]);

/** Credential tokens whose qualifier leaves them credentials: access_token, refresh_token, authtoken ... */
const CONCATENATED_TOKEN_PREFIXES = new Set([
  '', 'access', 'refresh', 'auth', 'api', 'bearer', 'id', 'session', 'oauth', 'bot', 'app', 'user', 'personal',
  'github', 'gitlab', 'slack', 'npm', 'pypi', 'deploy', 'service',
]);

/** `hasPassword`, `requireToken`, `maxKey`: flags and limits about a secret, not the secret. */
const FLAG_PREFIXES = new Set(['is', 'has', 'show', 'no', 'require', 'requires', 'required', 'enable', 'enabled', 'use', 'allow', 'needs', 'with', 'without', 'min', 'max', 'num', 'count']);

export type SecretNoun = 'password' | 'secret';

export interface SecretKeyName {
  noun: SecretNoun;
  /** Lower-case tokens of the key, for narrowing the type (aws, azure, twilio ...). */
  tokens: string[];
}

const TOKEN_PATTERN = /[A-Z]{2,}(?=[A-Z][a-z]|[^A-Za-z]|$)|[A-Z]?[a-z]+|[A-Z]+|\d+/g;

/** `DB_PASSWORD` → [db, password]; `APIKey` → [api, key]; `x-api-key` → [x, api, key]. */
export function splitKeyTokens(key: string): string[] {
  const tokens: string[] = [];
  for (const m of key.matchAll(TOKEN_PATTERN)) tokens.push(m[0].toLowerCase());
  return tokens;
}

/** Every secret-named key ends with one of these (its last token is, or ends with, a secret noun). */
const SECRET_SUFFIX = /(?:pass|pwd|passwd|password|passphrase|passcode|secret|credentials?|token|key)$/i;

/** The secret a key names, or undefined when it names none. */
export function secretKeyName(key: string): SecretKeyName | undefined {
  if (key.length === 0 || key.length > 100 || !SECRET_SUFFIX.test(key)) return undefined;
  const tokens = splitKeyTokens(key).filter((t) => !/^\d+$/.test(t));
  const last = tokens[tokens.length - 1];
  if (last === undefined || (tokens.length > 1 && FLAG_PREFIXES.has(tokens[0] ?? ''))) return undefined;
  const prev = tokens[tokens.length - 2] ?? '';
  const noun = nounOf(last, prev);
  return noun ? { noun, tokens } : undefined;
}

function nounOf(last: string, prev: string): SecretNoun | undefined {
  if (PASSWORD_NOUNS.has(last)) return 'password';
  if (SECRET_NOUNS.has(last)) return 'secret';
  if (last === 'token') return NON_CREDENTIAL_TOKEN_QUALIFIERS.has(prev) ? undefined : 'secret';
  if (last === 'key') return SECRET_KEY_QUALIFIERS.has(prev) ? 'secret' : undefined;
  return nounOfConcatenation(last);
}

/** Single-token compounds written without separators: dbpassword, clientsecret, accesstoken, apikey. */
function nounOfConcatenation(word: string): SecretNoun | undefined {
  if (/(?:password|passwd|passphrase)$/.test(word)) return 'password';
  if (/secret$/.test(word) && !/^(?:is|has|show|no)secret$/.test(word)) return 'secret';
  if (word.endsWith('token') && CONCATENATED_TOKEN_PREFIXES.has(word.slice(0, -5))) return 'secret';
  if (word.endsWith('key') && SECRET_KEY_QUALIFIERS.has(word.slice(0, -3))) return 'secret';
  return undefined;
}
