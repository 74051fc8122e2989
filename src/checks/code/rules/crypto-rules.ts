import type { Finding } from '../../../domain/validation-result.js';
import { walkFunction } from '../ir.js';
import type { CodeRuleContext, FindingSpec } from '../rule-context.js';
import { callSites, findingAt, isLiteral, keywordValue, statementWords } from '../rule-context.js';

const CREDENTIAL_WORDS = new Set(['password', 'passwd', 'pwd', 'pw', 'passcode', 'passphrase', 'secret', 'token', 'apikey', 'otp', 'pin', 'credential', 'credentials', 'hmac', 'signature']);
const IDENTIFIER_WORDS = new Set([...CREDENTIAL_WORDS, 'id', 'uuid', 'nonce', 'salt', 'session', 'key', 'code', 'reset', 'verification', 'invite', 'csrf', 'coupon', 'ticket', 'identifier', 'slug']);
const WEAK_ALGORITHMS = /^(md5|sha1|sha-1|md4)$/i;

function mentions(words: Set<string>, vocabulary: Set<string>): boolean {
  for (const word of words) if (vocabulary.has(word)) return true;
  return words.has('api') && words.has('key');
}

const WEAK_HASH_SPEC: FindingSpec = {
  ruleId: 'security/weak-hash',
  cwe: 'CWE-328',
  severity: 'error',
  message: 'MD5/SHA-1 used to hash a password or token.',
  fix: 'Hash passwords with a slow salted KDF (bcrypt, scrypt, argon2, PBKDF2); compare tokens with HMAC-SHA-256 or SHA-256.',
};

export function weakHash(ctx: CodeRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const { call, name, stmt, fn } of callSites(ctx)) {
    const algorithm = call.args[0]?.kind === 'string' ? call.args[0].value : '';
    const weak = /^(hashlib\.(md5|sha1)|Crypto\.Hash\.(MD5|SHA1?)\.new|md5|sha1)$/.test(name) ||
      (/^(hashlib\.new|crypto\.(createHash|createHmac))$/.test(name) && WEAK_ALGORITHMS.test(algorithm) && name !== 'crypto.createHmac');
    if (!weak || isLiteral(keywordValue(call, 'usedforsecurity'), false)) continue;
    if (mentions(statementWords(stmt, fn), CREDENTIAL_WORDS)) findings.push(findingAt(ctx, call.pos, WEAK_HASH_SPEC));
  }
  return findings;
}

const RANDOM_SPEC: FindingSpec = {
  ruleId: 'security/insecure-random',
  cwe: 'CWE-330',
  severity: 'error',
  message: 'Predictable random numbers used for a token, secret or identifier.',
  fix: 'Use a cryptographic generator: secrets.token_urlsafe / uuid.uuid4 in Python, crypto.randomUUID / crypto.randomBytes in Node.',
};

export function insecureRandom(ctx: CodeRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const { call, name, stmt, fn } of callSites(ctx)) {
    const predictable = ctx.language === 'python'
      ? /^random\.(random|randint|randrange|choice|choices|sample|getrandbits|uniform|shuffle|randbytes)$/.test(name)
      : name === 'Math.random';
    if (predictable && mentions(statementWords(stmt, fn), IDENTIFIER_WORDS)) findings.push(findingAt(ctx, call.pos, RANDOM_SPEC));
  }
  return findings;
}

const TLS_SPEC: FindingSpec = {
  ruleId: 'security/tls-verification-disabled',
  cwe: 'CWE-295',
  severity: 'error',
  message: 'TLS certificate verification is disabled, so any server can impersonate the real one.',
  fix: 'Leave verification on; to trust a private CA pass its bundle (verify="/path/ca.pem", ca: fs.readFileSync(...)).',
};

const TLS_ENV = /^(NODE_TLS_REJECT_UNAUTHORIZED|PYTHONHTTPSVERIFY|CURL_CA_BUNDLE)$/;

export function tlsVerificationDisabled(ctx: CodeRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const { call, name, fn } of callSites(ctx)) {
    const verify = keywordValue(call, 'verify');
    const certReqs = keywordValue(call, 'cert_reqs');
    if (isLiteral(verify, false) || name === 'ssl._create_unverified_context' ||
      (certReqs?.kind === 'string' && certReqs.value === 'CERT_NONE') ||
      (certReqs !== undefined && ctx.flow.qualify(certReqs, fn) === 'ssl.CERT_NONE')) {
      findings.push(findingAt(ctx, call.pos, TLS_SPEC));
    }
  }
  for (const fn of ctx.module.functions) {
    walkFunction(fn, (e, stmt) => {
      if (e.kind === 'object') {
        for (const p of e.properties) {
          const insecure = ((p.key === 'rejectUnauthorized' || p.key === 'strictSSL') && isLiteral(p.value, false)) ||
            (p.key !== null && TLS_ENV.test(p.key) && p.value.kind === 'string' && p.value.value === '0');
          if (insecure) findings.push(findingAt(ctx, p.pos, TLS_SPEC));
        }
      }
      if (e === (stmt.kind === 'store' ? stmt.target : undefined) && stmt.kind === 'store') {
        const key = e.kind === 'member' ? e.property : e.kind === 'index' && e.index.kind === 'string' ? e.index.value : '';
        const value = stmt.value;
        const off = (value.kind === 'string' && value.value === '0') || isLiteral(value, 0) || isLiteral(value, false) ||
          ctx.flow.qualify(value, fn) === 'ssl.CERT_NONE';
        if (off && (TLS_ENV.test(key) || key === 'check_hostname' || key === 'verify_mode' || key === 'rejectUnauthorized')) {
          findings.push(findingAt(ctx, stmt.pos, TLS_SPEC));
        }
      }
    });
  }
  return findings;
}
