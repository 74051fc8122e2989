import type { ContentBlock, Message, Usage } from '@anthropic-ai/sdk/resources/messages';
import { ModelUnavailableError } from '../../domain/errors.js';

/** Who was asked: for messages that name the API's host and the model. */
export interface AnswerTarget {
  model: string;
  /** The client's base URL or the request URL; only its host is ever shown. */
  url?: string | null;
}

/**
 * A successful (2xx) answer of POST /v1/messages as a Message: what a Messages-API-compatible
 * server sends need not be exactly what the SDK types promise. A message needs a `content` array;
 * everything else is filled in (usage counts that are missing read as 0, a missing model is the
 * requested one, blocks that are not objects are dropped). JSON sent as text (a wrong content type)
 * is read as JSON. Anything else — an HTML page, an error object, JSON of another shape — is a
 * ModelUnavailableError that says what came back instead.
 */
export function asMessage(data: unknown, target: AnswerTarget, status = 200, contentType: string | null = null): Message {
  const value = typeof data === 'string' ? parseJsonText(data) : data;
  if (!isRecord(value) || !Array.isArray(value.content)) throw notAMessage(data, target, status, mediaTypeOf(contentType));
  const content = value.content.filter((block): block is ContentBlock => isRecord(block) && typeof block.type === 'string');
  const usage = (isRecord(value.usage) ? value.usage : {}) as unknown as Usage;
  const model = typeof value.model === 'string' && value.model.trim() !== '' ? value.model.trim() : target.model;
  const stopReason = typeof value.stop_reason === 'string' ? value.stop_reason : null;
  return { ...(value as unknown as Message), content, usage, model, stop_reason: stopReason as Message['stop_reason'] };
}

/** Whether a parsed JSON value is a message (has a content array): what an event stream can be made of. */
export function isMessageLike(value: unknown): value is Record<string, unknown> & { content: unknown[] } {
  return isRecord(value) && Array.isArray(value.content);
}

/**
 * The error for a 2xx answer that is not a message. An error object sent with a success status
 * (some proxies do) is reported as that error; anything else is described in a few words.
 */
export function notAMessage(body: unknown, target: AnswerTarget, status: number, mediaType = ''): ModelUnavailableError {
  const where = hostOf(target.url);
  const parsed = typeof body === 'string' ? parseJsonText(body) : body;
  const error = errorOf(parsed);
  if (error) {
    return new ModelUnavailableError(`${where} answered ${status} with an error instead of a message for ${target.model} (${error}). Try again later.`);
  }
  return new ModelUnavailableError(
    `${where} answered ${status} with ${describeBody(body, mediaType)} instead of a Messages API answer for ${target.model}. Check ANTHROPIC_BASE_URL: it must point at a server of the Claude Messages API (POST /v1/messages).`,
  );
}

/** What a response body is, in a few words: "an HTML page ("502 Bad Gateway")", "an empty body", … */
export function describeBody(body: unknown, mediaType = ''): string {
  if (body === undefined || body === null || body === '') return 'an empty body';
  if (typeof body !== 'string') {
    if (Array.isArray(body)) return 'a JSON array';
    if (isRecord(body)) {
      const keys = Object.keys(body).slice(0, 5);
      return keys.length > 0 ? `JSON without a content array (keys: ${keys.join(', ')})` : 'an empty JSON object';
    }
    return `a bare JSON ${typeof body}`;
  }
  const parsed = parseJsonText(body);
  if (parsed !== undefined) return describeBody(parsed);
  const text = body.trim();
  if (/html/i.test(mediaType) || /^<(!doctype|html|head|body)\b/i.test(text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
    const shown = excerpt(title ?? text.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' '));
    return shown ? `an HTML page ("${shown}")` : 'an HTML page';
  }
  if (/^(event|data):/m.test(text)) return 'an event stream';
  const kind = mediaType.includes('json') ? 'invalid JSON' : mediaType ? `${/^[aeiou]/.test(mediaType) ? 'an' : 'a'} ${mediaType} body` : 'a body that is not JSON';
  const shown = excerpt(text);
  return shown ? `${kind} ("${shown}")` : kind;
}

/** The error type and message of an API error body (`{type: "error", error: {type, message}}` or `{error: {...}}`). */
export function errorOf(value: unknown): string | null {
  if (!isRecord(value) || !isRecord(value.error) || Array.isArray(value.content)) return null;
  const { type, message } = value.error;
  const parts = [typeof type === 'string' ? type : null, typeof message === 'string' ? excerpt(message) : null].filter(Boolean);
  return parts.length > 0 ? parts.join(': ') : 'an error without a type';
}

/** "Claude's API at host:port" (the host only: never a path or credentials of the URL). */
export function hostOf(url: string | null | undefined): string {
  if (!url) return 'Claude\'s API';
  try {
    const host = new URL(url).host;
    return host ? `Claude's API at ${host}` : 'Claude\'s API';
  } catch {
    return 'Claude\'s API';
  }
}

/** JSON in a text body (a byte-order mark and surrounding whitespace allowed); undefined when it is not JSON. */
export function parseJsonText(text: string): unknown {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!/^[[{]/.test(trimmed)) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

/** `text/html` of `text/html; charset=utf-8`; '' when absent. */
export function mediaTypeOf(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** A JSON object (not an array or null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
