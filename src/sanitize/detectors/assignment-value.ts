import { lineStart } from '../char-classes.js';

/** A value span found after a key and its operator. */
export interface ValueSpan {
  start: number;
  end: number;
  quoted: boolean;
}

const MAX_QUOTED = 1000;
const MAX_UNQUOTED = 500;

function isQuote(c: string | undefined): c is string {
  return c === '"' || c === "'" || c === '`';
}

/** Whitespace and the punctuation that ends an unquoted value in env/INI/YAML/TOML/code/query strings. */
function endsUnquoted(c: number): boolean {
  return c <= 32 || c === 44 || c === 59 || c === 41 || c === 93 || c === 125 || c === 38 || c === 34 || c === 39 || c === 60 || c === 96;
}

/** What may follow an unquoted value on its line: nothing, a comment, or a separator. */
const ALLOWED_AFTER_UNQUOTED = /^[ \t]*(?:$|\r|\n|#|\/\/|;|,|\}|\]|\)|&|"|'|<)/;

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
  if (c === undefined || context.comparison || '{[|>\r\n'.includes(c)) return undefined;
  let j = i;
  const limit = Math.min(text.length, i + MAX_UNQUOTED);
  while (j < limit && !endsUnquoted(text.charCodeAt(j))) j++;
  if (j === i || j - i >= MAX_UNQUOTED) return undefined;
  const value = text.slice(i, j);
  const rest = text.slice(j, j + 40);
  if ((!context.flag && !ALLOWED_AFTER_UNQUOTED.test(rest)) || value.includes('(') || DOTTED_REFERENCE.test(value)) return undefined;
  if (looksLikeCode(text, context, value, rest)) return undefined;
  return { start: i, end: j, quoted: false };
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
  const prefix = text.slice(lineStart(text, context.keyStart), context.keyStart);
  if (CODE_LINE.test(prefix)) return true;
  return context.spacedOperator && IDENTIFIER.test(value) && /^[ \t]*;[ \t]*(?:$|\r|\n|\/\/)/.test(rest);
}
