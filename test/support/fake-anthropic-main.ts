/**
 * Runs the fake Anthropic Messages API as its own process:
 *   npx tsx test/support/fake-anthropic-main.ts [--latency 200] [--input-tokens 1200] [--output-tokens 800]
 *     [--cache-read-tokens 0] [--cache-creation-tokens 0] [--model-name <id>] [--port 0] [--prompt-cache] [--no-record]
 * Each flag can also come from the environment (FAKE_ANTHROPIC_LATENCY_MS, FAKE_ANTHROPIC_INPUT_TOKENS,
 * FAKE_ANTHROPIC_OUTPUT_TOKENS, FAKE_ANTHROPIC_CACHE_READ_TOKENS, FAKE_ANTHROPIC_CACHE_CREATION_TOKENS,
 * FAKE_ANTHROPIC_MODEL_NAME, FAKE_ANTHROPIC_PORT). Prints its base URL as the only line on stdout and
 * serves until SIGINT/SIGTERM. Script it over HTTP through the `/_fake/` control routes.
 */
import { parseArgs } from 'node:util';
import { startFakeAnthropic, type FakeUsage } from './fake-anthropic.js';

const { values } = parseArgs({
  options: {
    latency: { type: 'string' },
    'input-tokens': { type: 'string' },
    'output-tokens': { type: 'string' },
    'cache-read-tokens': { type: 'string' },
    'cache-creation-tokens': { type: 'string' },
    'model-name': { type: 'string' },
    port: { type: 'string' },
    'prompt-cache': { type: 'boolean', default: false },
    'no-record': { type: 'boolean', default: false },
  },
});

function integer(flag: string | undefined, env: string): number | undefined {
  const raw = flag ?? process.env[env];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`fake-anthropic: ${env} / its flag must be a non-negative integer, got "${raw}"\n`);
    process.exit(2);
  }
  return value;
}

const usage: Partial<FakeUsage> = {};
const input = integer(values['input-tokens'], 'FAKE_ANTHROPIC_INPUT_TOKENS');
const output = integer(values['output-tokens'], 'FAKE_ANTHROPIC_OUTPUT_TOKENS');
const cacheRead = integer(values['cache-read-tokens'], 'FAKE_ANTHROPIC_CACHE_READ_TOKENS');
const cacheCreation = integer(values['cache-creation-tokens'], 'FAKE_ANTHROPIC_CACHE_CREATION_TOKENS');
if (input !== undefined) usage.input_tokens = input;
if (output !== undefined) usage.output_tokens = output;
if (cacheRead !== undefined) usage.cache_read_input_tokens = cacheRead;
if (cacheCreation !== undefined) usage.cache_creation_input_tokens = cacheCreation;
const modelName = values['model-name'] ?? process.env.FAKE_ANTHROPIC_MODEL_NAME;
const port = integer(values.port, 'FAKE_ANTHROPIC_PORT');

const fake = await startFakeAnthropic({
  latencyMs: integer(values.latency, 'FAKE_ANTHROPIC_LATENCY_MS') ?? 0,
  usage,
  ...(modelName ? { modelName } : {}),
  ...(port !== undefined ? { port } : {}),
  promptCache: values['prompt-cache'],
  recordRequests: !values['no-record'],
});
process.stdout.write(`${fake.url}\n`);

const stop = (): void => {
  fake.close().then(() => process.exit(0), (error: unknown) => {
    process.stderr.write(`fake-anthropic: close failed: ${String(error)}\n`);
    process.exit(1);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
