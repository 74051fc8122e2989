import Anthropic from '@anthropic-ai/sdk';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import type { AutoParseableOutputFormat } from '@anthropic-ai/sdk';
import { z } from 'zod';
import { MissingApiKeyError } from '../domain/errors.js';
import type { Model, ModelRequest, ModelResponse } from '../ports/model.js';
import type { SecretSource } from '../ports/secret-source.js';
import { apiKeyBothWays } from './anthropic/api-key-header.js';
import { createMessage, streamMessage, type Answered, type CallSettings } from './anthropic/call-message.js';
import { readAnyAnswer } from './anthropic/answer-middleware.js';
import { estimatedUsage, usageReported } from './anthropic/estimate-usage.js';
import { toTokenUsage } from './anthropic/map-usage.js';
import { messageParams } from './anthropic/message-params.js';
import { isAuthenticationFailure, toModelUnavailable } from './anthropic/model-errors.js';
import { noLongRetryWaits } from './anthropic/retry-wait-middleware.js';
import { readAnswer } from './anthropic/read-answer.js';
import { noRetryOnSpendLimit } from './anthropic/spend-limit-middleware.js';
import { createUndiciFetch } from './anthropic/undici-fetch.js';
import type { JsonSchema } from './json-schema/instance-of-json-schema.js';

export interface AnthropicModelOptions {
  /** Where the API key comes from; read before each request, re-read once after a 401. */
  secrets: SecretSource;
  /** API base URL; defaults to `ANTHROPIC_BASE_URL` (read by the SDK), then the public API. */
  baseURL?: string;
  /** Retries of the SDK for connection errors, timeouts, 408/409/429/5xx/529 (default 2). */
  maxRetries?: number;
  /** Receives warnings (key rotation, interrupted streams, failing progress listeners). */
  logger?: { warn(obj: object, msg: string): void };
  /**
   * The SDK's OpenTelemetry spans for each call (default off: skafu-ai exports no traces, and building
   * the span attributes costs about 40 µs a call with the 12 KB request). Turn on when the process
   * registers an OpenTelemetry tracer provider of its own.
   */
  openTelemetry?: boolean;
}

export interface AnthropicModel extends Model {
  /** Closes the model's connections once the calls in flight are done. Optional: idle connections do not keep the process alive. */
  close(): Promise<void>;
}

/**
 * The Model port over the official SDK: structured output through `output_config.format` built by
 * `zodOutputFormat`, the static system prompt as a prompt-cache breakpoint, the SDK's retries
 * (honouring `retry-after`, never for a 429 of a reached spend limit), key rotation after a 401.
 * One SDK client per model instance, sending through its own undici transport (see undici-fetch.ts):
 * idle keep-alive sockets never keep the process alive; `close()` closes them.
 */
export function createAnthropicModel(options: AnthropicModelOptions): AnthropicModel {
  const maxRetries = options.maxRetries ?? 2;
  const transport = createUndiciFetch();
  const client = new Anthropic({
    apiKey: async () => {
      const key = await options.secrets.getAnthropicApiKey();
      if (!key) throw new MissingApiKeyError();
      return key;
    },
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    maxRetries,
    middleware: [apiKeyBothWays, noRetryOnSpendLimit, noLongRetryWaits, readAnyAnswer],
    fetch: transport.fetch,
    openTelemetry: { traces: { enabled: options.openTelemetry ?? false } },
  });
  // zod → JSON schema conversion is not free; schemas are long-lived constants.
  const formats = new WeakMap<z.ZodType, StructuredFormat>();
  const formatOf = (schema: z.ZodType): StructuredFormat => {
    let format = formats.get(schema);
    if (!format) {
      format = { wire: zodOutputFormat(schema) as AutoParseableOutputFormat<unknown>, limits: z.toJSONSchema(schema) as JsonSchema, schema };
      formats.set(schema, format);
    }
    return format;
  };

  return {
    async invoke<S extends z.ZodType>(request: ModelRequest<S>): Promise<ModelResponse<z.infer<S>>> {
      const format = formatOf(request.schema);
      // Only the JSON schema goes on the wire; parsing happens here so a bad answer keeps its usage.
      const params = messageParams(request, format.wire.schema);
      const settings: CallSettings = {
        timeoutMs: request.timeoutMs,
        retries: maxRetries,
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.onProgress ? { onProgress: request.onProgress } : {}),
        onListenerError: (error) => options.logger?.warn({ err: error, model: request.model }, 'a progress listener threw; the call goes on'),
      };
      const context = { model: request.model, timeoutMs: request.timeoutMs, attempts: maxRetries + 1 };
      const call = (apiKey?: string): Promise<Answered> => {
        const withKey = apiKey ? { ...settings, apiKey } : settings;
        return request.stream ? streamMessage(client, params, withKey) : createMessage(client, params, withKey);
      };
      const started = performance.now();
      let answered: Answered;
      try {
        answered = await call();
      } catch (error) {
        if (!isAuthenticationFailure(error)) throw toModelUnavailable(error, context);
        options.logger?.warn({ model: request.model }, 'Claude rejected the API key; re-reading it and retrying once');
        const fresh = await options.secrets.getAnthropicApiKey({ forceRefresh: true });
        if (!fresh) throw new MissingApiKeyError();
        try {
          answered = await call(fresh);
        } catch (retryError) {
          throw toModelUnavailable(retryError, context);
        }
      }
      if (answered.interrupted) {
        options.logger?.warn({ model: request.model, requestId: answered.requestId, reason: answered.interrupted }, 'the answer stream broke off; returning the partial usage');
      }
      const response = toResponse<z.infer<S>>(answered, format, Math.round(performance.now() - started));
      if (!usageReported(answered.message.usage)) {
        response.usage = estimatedUsage(params, answered.message);
        options.logger?.warn({ model: request.model, requestId: answered.requestId, usage: response.usage }, 'Claude\'s answer reported no token usage; settling an estimate');
      }
      return response;
    },
    close: () => transport.close(),
  };
}

interface StructuredFormat {
  /** What goes on the wire (`output_config.format`). */
  wire: AutoParseableOutputFormat<unknown>;
  /** The full JSON schema with the limits the API cannot enforce. */
  limits: JsonSchema;
  schema: z.ZodType;
}

function toResponse<T>(answered: Answered, format: StructuredFormat, latencyMs: number): ModelResponse<T> {
  const { message } = answered;
  const outcome = answered.interrupted
    ? { parsed: null, parseError: `the answer stream was interrupted (${answered.interrupted})`, rawText: textOf(message) }
    : readAnswer(message, format);
  return {
    parsed: outcome.parsed as T | null,
    parseError: outcome.parseError,
    rawText: outcome.rawText,
    usage: toTokenUsage(message.usage),
    model: message.model,
    stopReason: answered.interrupted ? 'stream_interrupted' : message.stop_reason ?? 'unknown',
    latencyMs,
    requestId: answered.requestId,
  };
}

function textOf(message: Answered['message']): string {
  return message.content.flatMap((block) => (block.type === 'text' && typeof block.text === 'string' ? [block.text] : [])).join('');
}
