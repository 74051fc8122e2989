import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/load-config.js';
import { ConfigError } from '../domain/errors.js';
import type { DomainEvent } from '../domain/events.js';
import { createLogPublisher } from './log-publisher.js';
import { createPublishersFromConfig } from './publishers-from-config.js';

function capturingPino() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const event: DomainEvent = {
  id: 'evt-1', name: 'AIAnalysisStarted', occurredAt: '2030-01-01T00:00:00.000Z', orgId: 'acme', aggregateId: 'an-1',
  payload: { projectId: 'p1', analysisType: 'requirements' },
};

describe('createPublishersFromConfig', () => {
  const config = resolveConfig({});
  const { logger } = capturingPino();
  const names = (env: NodeJS.ProcessEnv, events: Parameters<typeof resolveConfig>[0]['events'] = undefined) =>
    createPublishersFromConfig(resolveConfig({ events }), env, logger).map((p) => p.name);

  it('logs events when no destination is configured', () => {
    expect(createPublishersFromConfig(config, {}, logger).map((p) => p.name)).toEqual(['log']);
  });

  it('builds the webhook and EventBridge publishers from the environment', () => {
    expect(names({ SKAFU_AI_WEBHOOK_URL: 'https://hooks.example.com/skafu', SKAFU_AI_WEBHOOK_SECRET: 's3cret', SKAFU_AI_EVENT_BUS: 'skafu-bus' }))
      .toEqual(['webhook', 'eventbridge']);
  });

  it('builds them from the config file when the environment is silent', () => {
    expect(names({}, { eventBusName: 'bus-from-file' })).toEqual(['eventbridge']);
    expect(names({}, { webhookUrl: 'https://hooks.example.com/x', webhookSecret: 'abc' })).toEqual(['webhook']);
  });

  it('refuses a webhook URL without a secret, and a secret without a URL', () => {
    expect(() => names({ SKAFU_AI_WEBHOOK_URL: 'https://hooks.example.com/skafu' })).toThrow(ConfigError);
    expect(() => names({ SKAFU_AI_WEBHOOK_SECRET: 'lonely' })).toThrow(/SKAFU_AI_WEBHOOK_URL/);
  });

  it('refuses a webhook that is not an http(s) address', () => {
    expect(() => names({}, { webhookUrl: 'ftp://hooks.example.com/x', webhookSecret: 'abc' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => names({ SKAFU_AI_WEBHOOK_URL: 'hooks.example.com', SKAFU_AI_WEBHOOK_SECRET: 'abc' })).toThrow(ConfigError);
  });
});

describe('createLogPublisher', () => {
  it('writes one structured line per event through a pino logger and accepts them all', async () => {
    const { logger, lines } = capturingPino();
    expect(await createLogPublisher(logger).publish([event])).toEqual({ failedIds: [] });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.event).toEqual(event);
    expect(lines[0]?.msg).toBe('domain event AIAnalysisStarted');
  });
});
