import { isAlnum } from '../char-classes.js';
import { PRIORITY } from '../finding-types.js';
import { isPlaceholderValue } from '../placeholder-values.js';
import type { Candidate, ScanInput } from '../types.js';

/** Schemes whose URLs are database / broker / directory connection strings. */
const CONNECTION_SCHEMES = new Set([
  'postgres', 'postgresql', 'mysql', 'mariadb', 'mysqlx', 'mongodb', 'mongodb+srv', 'redis', 'rediss', 'amqp', 'amqps',
  'mssql', 'sqlserver', 'oracle', 'clickhouse', 'cockroachdb', 'couchdb', 'neo4j', 'neo4j+s', 'bolt', 'cassandra',
  'memcached', 'nats', 'kafka', 'ldap', 'ldaps', 'db2', 'snowflake', 'influxdb', 'elasticsearch', 'opensearch',
  'mqtt', 'mqtts', 'stomp', 'sftp', 'smtp', 'smtps', 'imap', 'imaps', 'pop3',
]);

const MAX_AUTHORITY = 512;

function endsAuthority(c: number): boolean {
  // whitespace, / ? # " ' < > ` \ and the end of text
  return c <= 32 || c === 47 || c === 63 || c === 35 || c === 34 || c === 39 || c === 60 || c === 62 || c === 96 || c === 92;
}

function isSchemeChar(c: number): boolean {
  return isAlnum(c) || c === 43 || c === 46 || c === 45;
}

/**
 * `scheme://user:password@host`: only the password is the span. Database and broker schemes give
 * `connection_string`, the others (http, ftp, git ...) `basic_auth`.
 */
export function findUrlCredentials({ text }: ScanInput): Candidate[] {
  const out: Candidate[] = [];
  let from = 0;
  for (;;) {
    const sep = text.indexOf('://', from);
    if (sep === -1) break;
    from = sep + 3;
    const scheme = schemeBefore(text, sep);
    if (!scheme) continue;
    let end = from;
    const limit = Math.min(text.length, from + MAX_AUTHORITY);
    while (end < limit && !endsAuthority(text.charCodeAt(end))) end++;
    const authority = text.slice(from, end);
    const at = authority.lastIndexOf('@');
    if (at <= 0) continue;
    const colon = authority.indexOf(':');
    if (colon === -1 || colon > at) continue;
    const password = authority.slice(colon + 1, at);
    if (password.length === 0 || isPlaceholderValue(decodeSafely(password))) continue;
    const type = CONNECTION_SCHEMES.has(scheme) ? 'connection_string' : 'basic_auth';
    out.push({ type, kind: 'secret', start: from + colon + 1, end: from + at, priority: PRIORITY.structure });
    from = end;
  }
  return out;
}

function schemeBefore(text: string, sep: number): string | undefined {
  let i = sep;
  const floor = Math.max(0, sep - 32);
  while (i > floor && isSchemeChar(text.charCodeAt(i - 1))) i--;
  const scheme = text.slice(i, sep).toLowerCase();
  return /^[a-z]/.test(scheme) ? scheme : undefined;
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // not percent-encoded: judge it as written
  }
}
