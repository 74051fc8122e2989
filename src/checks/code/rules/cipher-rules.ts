import type { Finding } from '../../../domain/validation-result.js';
import type { Expr, FunctionIR } from '../ir.js';
import type { CodeRuleContext, FindingSpec } from '../rule-context.js';
import { callSites, findingAt, resolveValue } from '../rule-context.js';

const WEAK_CIPHER_SPEC: FindingSpec = {
  ruleId: 'security/weak-cipher',
  cwe: 'CWE-327',
  severity: 'error',
  message: 'Broken or risky encryption: DES, 3DES, RC4, Blowfish or ECB mode (ECB shows which blocks are equal; the others are breakable).',
  fix: 'Encrypt with AES-GCM (or ChaCha20-Poly1305) and a fresh random nonce per message — or let AWS KMS encrypt the data.',
};

const DEPRECATED_NODE_CIPHER_SPEC: FindingSpec = {
  ...WEAK_CIPHER_SPEC,
  message: 'crypto.createCipher/createDecipher derive the key with one MD5 round and use no IV (removed in Node 22).',
  fix: 'Use crypto.createCipheriv("aes-256-gcm", key, iv) with a 32-byte key from a KDF or KMS and a fresh 12-byte IV.',
};

/** PyCryptodome (Crypto / Cryptodome) and `cryptography` constructors of broken ciphers. */
const PYTHON_WEAK_CIPHER = /^(Crypto|Cryptodome)\.Cipher\.(DES|DES3|ARC2|ARC4|Blowfish|CAST)\.new$|^cryptography\.hazmat\.primitives\.ciphers\.(algorithms\.(TripleDES|ARC4|Blowfish|IDEA|CAST5|SEED)|modes\.ECB)$/;
const PYTHON_ECB_MODE = /(^|\.)MODE_ECB$/;
/** OpenSSL cipher names Node accepts that are broken or in ECB mode. */
const NODE_WEAK_ALGORITHM = /^(des|des3|des-ede\S*|rc2\S*|rc4\S*|bf\S*|blowfish\S*|cast\S*|idea\S*)$|-ecb$/i;

function isEcbMode(ctx: CodeRuleContext, args: readonly Expr[], fn: FunctionIR): boolean {
  return args.some((arg) => PYTHON_ECB_MODE.test(ctx.flow.qualify(arg, fn) ?? ''));
}

function algorithmName(ctx: CodeRuleContext, arg: Expr | undefined, fn: FunctionIR): string {
  if (!arg) return '';
  const [value] = resolveValue(ctx, arg, fn);
  return value?.kind === 'string' ? value.value : '';
}

/** CWE-327: DES, 3DES, RC4, Blowfish, ECB mode, and Node's key-deriving createCipher. */
export function weakCipher(ctx: CodeRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const { call, name, fn } of callSites(ctx)) {
    if (ctx.language === 'python') {
      const weak = PYTHON_WEAK_CIPHER.test(name) || (/^(Crypto|Cryptodome)\.Cipher\.\w+\.new$/.test(name) && isEcbMode(ctx, call.args, fn));
      if (weak) findings.push(findingAt(ctx, call.pos, WEAK_CIPHER_SPEC));
    } else if (/^crypto\.(createCipher|createDecipher)$/.test(name)) {
      findings.push(findingAt(ctx, call.pos, DEPRECATED_NODE_CIPHER_SPEC));
    } else if (/^crypto\.(createCipheriv|createDecipheriv)$/.test(name) && NODE_WEAK_ALGORITHM.test(algorithmName(ctx, call.args[0], fn))) {
      findings.push(findingAt(ctx, call.pos, WEAK_CIPHER_SPEC));
    }
  }
  return findings;
}
