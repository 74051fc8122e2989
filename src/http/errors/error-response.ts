import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { InvalidInputError, ModelSpendLimitError, SkafuError, UsageLimitExceededError } from '../../domain/errors.js';
import { RateLimitedError, RequestTimeoutError, ShuttingDownError, UnauthorizedError } from './http-errors.js';

export interface ErrorBody {
  error: { code: string; message: string; fields?: string[]; limit?: string; requestId?: string };
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** Whether the failure is ours (log it with its stack) rather than the caller's. */
  internal: boolean;
}

interface FastifyLikeError {
  code?: unknown;
  statusCode?: unknown;
  validationContext?: unknown;
}

/** Fastify's own client errors, in our words; `status` overrides Fastify's where the contract wants another. */
const FASTIFY_CLIENT_ERRORS: Record<string, { code: string; message: string; status?: number }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'request_too_large', message: 'The request body is larger than this service accepts; send less data.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'Send the body as JSON with `Content-Type: application/json`.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', message: 'The body is empty but `Content-Type` says JSON; send a JSON object.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', message: 'The body is not valid JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid_content_length', message: 'The Content-Length header does not match the body.' },
  FST_ERR_BAD_URL: { code: 'bad_url', message: 'The URL path is not valid: a percent-escape (%XX) in it does not decode as UTF-8; encode each path segment with encodeURIComponent.' },
  // The router gives up on a path segment far longer than any id (Fastify says 414): no such resource.
  FST_ERR_MAX_PARAM_LENGTH: { code: 'not_found', status: 404, message: 'Nothing has an id this long: a path segment is far longer than any id of this service (at most 128 characters); check the URL.' },
};

/**
 * Server-side failures keep their code but get a fixed message: the core's own messages may name
 * files, hosts or upstream details that callers must not see (they are in the logs).
 */
const SERVER_FAILURE_MESSAGES: Record<string, string> = {
  model_unavailable: 'Claude did not answer; retry later.',
  store_unavailable: 'The store did not answer; retry later.',
  missing_api_key: 'The service has no Claude API key configured; tell its operator.',
  model_output_invalid: 'The model\'s answer could not be used; retry, or rephrase the input.',
  async_unavailable: 'This deployment has no job queue, so `?async=true` cannot be served: send the request without it. (Its operator can set SKAFU_AI_JOB_QUEUE_URL.)',
  event_streams_unavailable: 'This deployment cannot hold an event stream open (AWS Lambda behind API Gateway): poll the resource itself, e.g. GET /v1/analyses/{id}, until its status is final.',
};

/**
 * Anthropic's spend limit of the account this service calls Claude with: the caller cannot cure it
 * and retrying will not help (so no `Retry-After`); only the operator can.
 */
const SPEND_LIMIT_MESSAGE = 'Claude refused the call: the Anthropic account this service uses has reached its spend limit. Retrying will not help until the service\'s operator raises the limit in the Anthropic Console or the next billing period starts; tell the operator.';

/** The challenge of every 401: an API key as a Bearer token. */
const WWW_AUTHENTICATE = 'Bearer realm="skafu-ai"';

function retryAfter(seconds: number): string {
  return String(Math.max(1, Math.ceil(seconds)));
}

function fieldName(context: unknown, path: string): string {
  const dotted = path.replace(/^\//, '').replaceAll('/', '.');
  const prefix = context === 'querystring' ? 'query' : context === 'params' ? 'path' : context === 'headers' ? 'header' : '';
  if (!prefix) return dotted || 'body';
  return dotted ? `${prefix}.${dotted}` : prefix;
}

interface ValidationIssue {
  keyword?: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * One `{field, message}` per wrong field. A field the schema does not know is named itself
 * (`extra`, `files.0.mode`), not the object that holds it, so the caller sees what to remove.
 */
function describeIssue(context: unknown, issue: ValidationIssue): { field: string; message: string }[] {
  const keys = issue.params?.keys;
  if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys) && keys.length > 0) {
    const parent = issue.instancePath.replace(/\/$/, '');
    return keys.map((key) => ({ field: fieldName(context, `${parent}/${String(key)}`), message: 'unknown field; remove it' }));
  }
  return [{ field: fieldName(context, issue.instancePath), message: issue.message ?? 'invalid' }];
}

/**
 * Maps any thrown value to the JSON error answer. Typed errors keep their code and status; anything
 * else is a 500 that reveals nothing but the request id (no message, stack or path).
 */
export function toErrorResponse(error: unknown, requestId: string): ErrorResponse {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as FastifyLikeError).validationContext;
    const issues = error.validation.flatMap((issue) => describeIssue(context, issue));
    const fields = [...new Set(issues.map((issue) => issue.field))];
    const message = `Invalid request: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`;
    return { status: 400, body: { error: { code: 'invalid_input', message, fields } }, headers: {}, internal: false };
  }
  if (error instanceof UsageLimitExceededError) {
    return {
      status: 429,
      body: { error: { code: error.code, message: error.message, limit: error.breach.limit } },
      headers: { 'retry-after': retryAfter(error.retryAfterSeconds) },
      internal: false,
    };
  }
  if (error instanceof RateLimitedError) {
    return {
      status: 429,
      body: { error: { code: error.code, message: error.message, limit: error.limit } },
      headers: { 'retry-after': retryAfter(error.retryAfterSeconds) },
      internal: false,
    };
  }
  if (error instanceof SkafuError && error.httpStatus < 500) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error instanceof InvalidInputError && error.fields.length > 0) body.error.fields = error.fields;
    // A 401 names the scheme it wants (RFC 9110 §11.6.1, RFC 6750): clients and proxies rely on it.
    const headers: Record<string, string> = error instanceof UnauthorizedError ? { 'www-authenticate': WWW_AUTHENTICATE } : {};
    return { status: error.httpStatus, body, headers, internal: false };
  }
  if (error instanceof ShuttingDownError) {
    return { status: error.httpStatus, body: { error: { code: error.code, message: error.message } }, headers: { 'retry-after': retryAfter(error.retryAfterSeconds) }, internal: false };
  }
  if (error instanceof RequestTimeoutError) {
    return { status: error.httpStatus, body: { error: { code: error.code, message: error.message, requestId } }, headers: {}, internal: true };
  }
  if (error instanceof SkafuError && error.httpStatus !== 500) {
    const fixed = error instanceof ModelSpendLimitError ? SPEND_LIMIT_MESSAGE : SERVER_FAILURE_MESSAGES[error.code] ?? 'A service the request needs is unavailable; retry later.';
    const message = `${fixed} (request id ${requestId})`;
    return { status: error.httpStatus, body: { error: { code: error.code, message, requestId } }, headers: {}, internal: true };
  }
  if (!(error instanceof SkafuError) && !isResponseSerializationError(error) && error !== null && typeof error === 'object') {
    const { code, statusCode } = error as FastifyLikeError;
    const known = typeof code === 'string' ? FASTIFY_CLIENT_ERRORS[code] : undefined;
    if (known && typeof statusCode === 'number') {
      return { status: known.status ?? statusCode, body: { error: { code: known.code, message: known.message } }, headers: {}, internal: false };
    }
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      // Fastify's own 4xx (bad headers, bad encodings): its messages never carry paths or stacks.
      const message = error instanceof Error ? error.message : 'bad request';
      return { status: statusCode, body: { error: { code: 'bad_request', message } }, headers: {}, internal: false };
    }
  }
  return {
    status: 500,
    body: { error: { code: 'internal_error', message: `internal error (request id ${requestId})`, requestId } },
    headers: {},
    internal: true,
  };
}
