/**
 * Values that stand for a secret without being one: placeholders, references to where the real value
 * lives, masks, documented examples that say so (AWS's `AKIAIOSFODNN7EXAMPLE`) and our own redaction
 * placeholders. Such values are never findings.
 */

const PLACEHOLDER_WORDS =
  /^(?:example|sample|dummy|fake|placeholder|redacted|removed|hidden|masked|secret|secrets|password|passwd|pass|pwd|token|apikey|api[-_]key|key|changeme|change[-_]?me|change[-_]?it|change[-_]?this|todo|tbd|fixme|none|null|nil|undefined|true|false|yes|no|on|off|empty|n\/a|required|optional|string|str|value|default|unset|notset|not[-_]?set|\.\.\.|…)$/i;

/** Access levels and switches, as in a GitHub workflow's `permissions: {id-token: write}`. */
const SETTING_WORDS = /^(?:read|write|read[-_]?write|read[-_]?only|write[-_]?only|enabled?|disabled?|auto|inherit)$/i;

/** "your_api_key", "YOUR-TOKEN-HERE", "insert token", "replace_me" ... */
const INSTRUCTION_WORDS = /^(?:your|insert|replace|enter|paste|fill)[-_ .a-z]|[-_ ]here$/i;

/** Where the real value lives: environment, secret stores, templating, infrastructure references. */
const REFERENCE_PREFIX =
  /^(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv\(|env\(|env\[|env\.|ENV\[|ENV\.fetch|System\.getenv|Environment\.|Deno\.env|secrets\.|vars\.|var\.|local\.|data\.|config\.|settings\.|ctx\.|context\.|!(?:Ref|Sub|GetAtt|ImportValue|FindInMap|Secret)\b|arn:|vault:|ref\+|ssm:|sm:\/\/|secretsmanager:|file:|@Microsoft\.KeyVault|keyvault:|gcp:|projects\/[^/]+\/secrets\/)/;

/** Templating and interpolation: ${VAR}, {{ secrets.X }}, $VAR, $(cmd), %VAR%, %s, {0}, {name}, <YOUR_KEY>, `Bearer <token>`. */
const TEMPLATE =
  /\$\{|\$\(|\{\{|\}\}|^\$[A-Za-z_][A-Za-z0-9_]*$|^%[A-Za-z_][A-Za-z0-9_]*%$|%\(?[A-Za-z_]*\)?[sd]\b|\{[A-Za-z0-9_.]*\}|^<[^<>]*>$|(?:^|\s)<[A-Za-z][\w -]*>(?:$|\s)|^\[[^[\]]*\]$|\[\[[A-Z][A-Z0-9_]*_\d+\]\]/;

/** Masks: ***, xxxx, ••••, ----. */
const MASK = /\*{3}|[xX]{4}|•{3}|#{4}|^[-_.=0]{3,}$/;

/** A file path or a plain URL names where a secret is kept (key files, secret mounts), not the secret. */
const LOCATION =
  /^(?:\.{1,2}\/|~\/|\/(?:etc|var|run|home|opt|usr|srv|secrets?|tmp|mnt|data|app|Users|keys|certs?)\/|[A-Za-z]:\\)|^\/[\w./-]*\.(?:pem|key|json|txt|p12|pfx|crt|cer|der|jks|asc|gpg|yaml|yml|env)$|^https?:\/\/[^\s@]*$/;

/** An environment-variable name used as a placeholder value: API_KEY, YOUR_SECRET. */
const ENV_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** True for a value that must not be reported as a secret even under a secret-named key. */
export function isPlaceholderValue(raw: string): boolean {
  const value = raw.trim();
  if (value.length < 3) return true;
  if (/example/i.test(value)) return true;
  if (PLACEHOLDER_WORDS.test(value) || SETTING_WORDS.test(value) || INSTRUCTION_WORDS.test(value)) return true;
  if (REFERENCE_PREFIX.test(value) || TEMPLATE.test(value) || MASK.test(value)) return true;
  if (ENV_NAME.test(value) || LOCATION.test(value)) return true;
  return isOneRepeatedCharacter(value);
}

function isOneRepeatedCharacter(value: string): boolean {
  for (let i = 1; i < value.length; i++) if (value[i] !== value[0]) return false;
  return true;
}

/**
 * For random-looking tokens: enough distinct characters that it is not a mask or an example. Made-up
 * bodies (`1234567890abcdef…`) count: they have the token's exact form, and are what people test with.
 */
export function looksRandom(body: string, minDistinct = 8): boolean {
  if (FILLER.test(body)) return false;
  const needed = Math.min(minDistinct, Math.ceil(body.length / 2));
  const seen = new Set<number>();
  for (let i = 0; i < body.length && seen.size < needed; i++) seen.add(body.charCodeAt(i));
  return seen.size >= needed;
}

const FILLER = /example|xxxx|0000000/i;
