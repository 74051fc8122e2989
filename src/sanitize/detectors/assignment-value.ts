import { lineStart } from '../char-classes.js';

/** A value span found after a key and its operator. */
export interface ValueSpan {
  start: number;
  end: number;
  quoted: boolean;
}

const MAX_QUOTED = 1000;
const MAX_UNQUOTED = 256;

function isQuote(c: string | undefined): c is string {
  return c === '"' || c === "'" || c === '`';
}

/** Whitespace and the punctuation that ends an unquoted value in env/INI/YAML/TOML/code/query strings. */
function endsUnquoted(c: number): boolean {
  return c <= 32 || c === 44 || c === 59 || c === 41 || c === 93 || c === 125 || c === 38 || c === 34 || c === 39 || c === 60 || c === 96;
}

/** What may follow an unquoted value on its line: nothing, a comment, a separator, another `key=` (logfmt). */
const ALLOWED_AFTER_UNQUOTED = /^[ \t]*(?:$|\r|\n|#|\/\/|;|,|\}|\]|\)|&|"|'|<)|^[ \t]+[\w.-]{1,40}=/;

/** In prose, a word is taken for a credential only with a digit, a symbol or inner capitals... */
const CREDENTIAL_LIKE = /\d|[^A-Za-z0-9-]|[a-z][A-Z]/;
/** ...and not when it is an ordinary compound (`base64-encoded`, `24h-valid`, `sha256-based`). */
const COMPOUND_WORD = /^[a-z0-9]+-(?:[a-z]+ed|[a-z]+ing|only|based|safe|valid|aware|free|like|style|wide|bit|byte)$/;

/** Declarations and member access: in code, an unquoted right-hand side is an expression, not a literal. */
const CODE_LINE = /(?:^|[\s(;{])(?:const|let|var|val|final|static|private|public|protected|readonly|def|auto|String|string|int|char|my|our|local)\s/;
const DOTTED_REFERENCE = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export interface ValueContext {
  keyStart: number;
  key: string;
  /** `==` / `===`: only a quoted literal counts. */
  comparison: boolean;
  spacedOperator: boolean;
  /** A command-line flag (`--token abc`): other arguments may follow the value. */
  flag: boolean;
  /**
   * The key starts its line (env, INI, YAML, TOML): an unquoted value then runs to the next
   * whitespace, `&`, `;` and `,` included, as those formats read it.
   */
  lineStyle: boolean;
  /** Prose: `the password is hunter2!`. Only a credential-looking word counts, whatever follows. */
  prose: boolean;
}

/**
 * Parses the value that starts at p: a quoted string on one line (escapes honoured), or an unquoted
 * literal that ends the line. Returns undefined for expressions, nested structures, block scalars and
 * prose, so that only a literal value is ever reported.
 */
export function valueAt(text: string, p: number, context: ValueContext): ValueSpan | undefined {
  let i = p;
  if (/[bruf]/i.test(text[i] ?? '') && isQuote(text[i + 1])) i++;
  const c = text[i];
  if (isQuote(c)) return quotedAt(text, i);
  if (c === '\\' && text[i + 1] === '"') return escapedQuotedAt(text, i);
  if (c === undefined || context.comparison || '{[|>\r\n'.includes(c)) return undefined;
  let j = i;
  const limit = Math.min(text.length, i + MAX_UNQUOTED);
  if (context.lineStyle || context.prose) while (j < limit && text.charCodeAt(j) > 32) j++;
  else while (j < limit && (!endsUnquoted(text.charCodeAt(j)) || separatorInsideValue(text, j))) j++;
  if (context.prose) {
    while (j > i && '.!?:'.includes(text[j - 1] ?? '')) j--; // the sentence's punctuation
    const word = text.slice(i, j);
    return word.length >= 6 && CREDENTIAL_LIKE.test(word) && !COMPOUND_WORD.test(word) ? { start: i, end: j, quoted: false } : undefined;
  }
  if (j === i || j - i >= MAX_UNQUOTED) return undefined;
  const value = text.slice(i, j);
  const rest = text.slice(j, j + 40);
  if ((!context.flag && !ALLOWED_AFTER_UNQUOTED.test(rest)) || value.includes('(') || DOTTED_REFERENCE.test(value)) return undefined;
  if (looksLikeCode(text, context, value, rest)) return undefined;
  return { start: i, end: j, quoted: false };
}

/**
 * `&`, `;` and `,` end a value only when another `key=` follows (query strings, connection strings);
 * in `pass&word pid=1` the `&` belongs to the value.
 */
function separatorInsideValue(text: string, j: number): boolean {
  const c = text.charCodeAt(j);
  if (c !== 38 && c !== 59 && c !== 44) return false;
  let k = j + 1;
  if (k >= text.length || endsUnquoted(text.charCodeAt(k))) return false;
  const limit = Math.min(text.length, j + 100);
  while (k < limit && text.charCodeAt(k) > 32) {
    if (text.charCodeAt(k) === 61) return false;
    k++;
  }
  return true;
}

/** `\"value\"`: a string inside a JSON-encoded string. */
function escapedQuotedAt(text: string, q: number): ValueSpan | undefined {
  const close = text.slice(q + 2, q + 2 + MAX_QUOTED).indexOf('\\"');
  if (close <= 0) return undefined;
  const value = text.slice(q + 2, q + 2 + close);
  return value.includes('\n') ? undefined : { start: q + 2, end: q + 2 + close, quoted: true };
}

function quotedAt(text: string, q: number): ValueSpan | undefined {
  const quote = text[q];
  const limit = Math.min(text.length, q + 1 + MAX_QUOTED);
  let j = q + 1;
  while (j < limit) {
    const ch = text[j];
    if (ch === quote || ch === '\n') break;
    j += ch === '\\' ? 2 : 1;
  }
  if (j >= limit || text[j] !== quote) return undefined;
  return { start: q + 1, end: j, quoted: true };
}

function looksLikeCode(
  text: string,
  context: ValueContext,
  value: string,
  rest: string,
): boolean {
  const before = text[context.keyStart - 1];
  if (before === '$' || before === '@' || /^(?:this|self)\./.test(context.key)) return true;
  const lastToken = context.key.split(/[._-]/).pop() ?? context.key;
  if (value.toLowerCase() === context.key.toLowerCase() || value.toLowerCase() === lastToken.toLowerCase()) return true;
  const prefix = text.slice(lineStart(text, context.keyStart, 160), context.keyStart);
  if (CODE_LINE.test(prefix)) return true;
  return context.spacedOperator && IDENTIFIER.test(value) && /^[ \t]*;[ \t]*(?:$|\r|\n|\/\/)/.test(rest);
}
