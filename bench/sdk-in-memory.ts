/**
 * The Anthropic SDK's own CPU per Messages call, with the real 12 KB requirements-analysis request and
 * an in-memory `fetch` (no sockets), with its OpenTelemetry spans on and off (alternating).
 *   npx tsx bench/sdk-in-memory.ts [--calls 10000]
 */
import { parseArgs } from 'node:util';
import Anthropic from '@anthropic-ai/sdk';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import { messageParams } from '../src/claude/anthropic/message-params.js';
import { analysisSpec, renderUserContent } from '../src/claude/index.js';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '10000' } } });
const calls = Number(values.calls);
const spec = analysisSpec('requirements');
const wire = zodOutputFormat(spec.schema) as { schema: Record<string, unknown> };
const params = messageParams({ operation: spec.operation, model: 'claude-sonnet-5-5', system: spec.system, schema: spec.schema, userContent: renderUserContent({ requirements: '# Shop\nOrders and payments.' }, 'requirements'), maxTokens: 8192, timeoutMs: 30_000, stream: false }, wire.schema);
const answer = JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-5-5', content: [{ type: 'text', text: '{}' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 10, output_tokens: 10 } });
const inMemoryFetch = (): Promise<Response> => Promise.resolve(new Response(answer, { status: 200, headers: { 'content-type': 'application/json', 'request-id': 'req_1' } }));

/** CPU µs per call of `count` calls through a fresh client. */
async function run(spans: boolean, count: number): Promise<number> {
  const client = new Anthropic({ apiKey: 'sk-bench', baseURL: 'http://in-memory', fetch: inMemoryFetch, maxRetries: 0, openTelemetry: { traces: { enabled: spans } } });
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await client.messages.create({ ...params, stream: false }, { timeout: 30_000 }).withResponse();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

console.log(`request body ${JSON.stringify(params).length} bytes, ${calls} calls per run, Node ${process.version}`);
await run(true, 5_000); // warm-up of both paths, not reported
await run(false, 5_000);
console.log('| OpenTelemetry spans | SDK CPU per call |\n| --- | --- |');
for (const spans of [false, true, false, true, false, true]) console.log(`| ${spans ? 'on' : 'off'} | ${(await run(spans, calls)).toFixed(0)} µs |`);
