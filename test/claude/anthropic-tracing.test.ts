import { trace, TraceFlags, type Span, type SpanContext, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAnthropicModel } from '../../src/claude/anthropic-model.js';
import { renderUserContent } from '../../src/claude/prompts/index.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';

/** A tracer provider that records the names of the spans started through it. */
class RecordingProvider implements TracerProvider {
  readonly started: string[] = [];

  getTracer(): Tracer {
    const record = (name: string): Span => {
      this.started.push(name);
      return recordingSpan();
    };
    return {
      startSpan: (name) => record(name),
      startActiveSpan: ((name: string, ...rest: unknown[]) => (rest.at(-1) as (span: Span) => unknown)(record(name))) as Tracer['startActiveSpan'],
    };
  }
}

function recordingSpan(): Span {
  const context: SpanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };
  const span: Span = {
    spanContext: () => context,
    setAttribute: () => span,
    setAttributes: () => span,
    addEvent: () => span,
    addLink: () => span,
    addLinks: () => span,
    setStatus: () => span,
    updateName: () => span,
    end: () => undefined,
    isRecording: () => true,
    recordException: () => undefined,
  };
  return span;
}

const schema = z.object({ answer: z.string().min(1).max(50) });
const request = {
  operation: 'project_analysis' as const,
  model: 'claude-sonnet-5-5',
  system: 'You are a test system prompt.',
  schema,
  userContent: renderUserContent('Build an order service.', 'requirements'),
  maxTokens: 256,
  timeoutMs: 5_000,
  stream: false,
};
const secrets = { getAnthropicApiKey: () => Promise.resolve('sk-test') };

let fake: FakeAnthropic;
const provider = new RecordingProvider();

beforeAll(async () => {
  fake = await startFakeAnthropic();
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  trace.disable();
  await fake.close();
});
beforeEach(() => {
  provider.started.length = 0;
  fake.reset();
});

describe('the SDK\'s OpenTelemetry spans', () => {
  it('are off by default, even with a tracer provider registered', async () => {
    const model = createAnthropicModel({ secrets, baseURL: fake.url });
    const response = await model.invoke(request);
    expect(response.parsed).not.toBeNull();
    expect(provider.started).toEqual([]);
  });

  it('are recorded, one per call, when turned on', async () => {
    const model = createAnthropicModel({ secrets, baseURL: fake.url, openTelemetry: true });
    await model.invoke(request);
    await model.invoke(request);
    expect(provider.started).toHaveLength(2);
  });
});
