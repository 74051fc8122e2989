import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { z } from 'zod';
import { fitToSchema } from '../json-schema/fit-to-schema.js';
import type { JsonSchema } from '../json-schema/instance-of-json-schema.js';

/** The schema an answer must satisfy, and its JSON form with the limits the API cannot enforce. */
export interface AnswerSchema {
  schema: z.ZodType;
  limits: JsonSchema;
}

export interface ReadAnswer {
  parsed: unknown;
  parseError: string | null;
  /** The answer as text (what a repair round sends back): the text blocks, or the tool input that was read. */
  rawText: string;
}

/**
 * The structured output of a message: its text blocks joined, read as JSON (see {@link parseStructured});
 * or, when the text is empty or no schema-valid JSON, the `input` of a `tool_use` block (a server
 * that answers structured requests through a tool call). Thinking blocks are never read.
 */
export function readAnswer(message: Message, schema: AnswerSchema): ReadAnswer {
  const text = message.content.flatMap((block) => (block.type === 'text' && typeof block.text === 'string' ? [block.text] : [])).join('');
  const inputs = message.content.flatMap((block) => (block.type === 'tool_use' && block.input !== null && typeof block.input === 'object' ? [block.input] : []));
  const fromText = text.trim().length > 0 ? parseStructured(text, schema) : null;
  if (fromText?.parseError === null) return { ...fromText, rawText: text };
  for (const input of inputs) {
    const fromTool = parseValue(input, schema);
    if (fromTool.parseError === null || !fromText?.json) return { ...fromTool, rawText: JSON.stringify(input) };
  }
  if (fromText) return { parsed: null, parseError: fromText.parseError, rawText: text };
  return { parsed: null, parseError: 'the answer contained no text', rawText: text };
}

/** An answer that is one Markdown code block and nothing else (```json … ```): the JSON inside it. */
const WHOLE_CODE_BLOCK = /^\s*```(?:json)?[ \t]*\r?\n([\s\S]*?)\r?\n?```\s*$/i;

/**
 * JSON text → zod validation, or, when that fails, the value fitted to the schema's soft limits →
 * zod validation. No text extraction: the answer must be JSON as a whole (a byte-order mark and
 * whitespace around it allowed), or a code block holding only JSON (what a model or a gateway that
 * ignores the structured-output format sends). JSON encoded once more as a JSON string is unwrapped.
 */
export function parseStructured(rawText: string, schema: AnswerSchema): { parsed: unknown; parseError: string | null; json: boolean } {
  const text = rawText.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const block = WHOLE_CODE_BLOCK.exec(text)?.[1];
    try {
      if (block === undefined) throw error;
      value = JSON.parse(block);
    } catch {
      return { parsed: null, parseError: `the answer is not JSON (${error instanceof Error ? error.message : String(error)})`, json: false };
    }
  }
  if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
    try {
      value = JSON.parse(value);
    } catch {
      // A plain string: the schema says what is wrong with it.
    }
  }
  return { ...parseValue(value, schema), json: true };
}

function parseValue(value: unknown, { schema, limits }: AnswerSchema): { parsed: unknown; parseError: string | null } {
  // Most answers keep within the limits: fitting (a copy of the whole tree) only those that do not.
  const direct = schema.safeParse(value);
  if (direct.success) return { parsed: direct.data, parseError: null };
  const result = schema.safeParse(fitToSchema(value, limits));
  if (result.success) return { parsed: result.data, parseError: null };
  const issues = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  const more = result.error.issues.length > 5 ? `; and ${result.error.issues.length - 5} more` : '';
  return { parsed: null, parseError: `the answer does not match the schema: ${issues.join('; ')}${more}` };
}
