import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UnavailableError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import { startFakeSecretsManager, type FakeSecretsManager } from '../../test/support/fake-secrets-manager.js';
import { createSecretSource } from './index.js';

const CREDENTIALS = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret-access-key' };

function manualClock(start = Date.parse('2030-01-01T00:00:00Z')): Clock & { advance(ms: number): void } {
  let nowMs = start;
  return { now: () => new Date(nowMs), advance: (ms) => { nowMs += ms; } };
}

describe('createSecretSource from the environment', () => {
  it('returns ANTHROPIC_API_KEY when no secret id is set', async () => {
    const source = createSecretSource({ ANTHROPIC_API_KEY: 'sk-ant-env-key' });
    expect(await source.getAnthropicApiKey()).toBe('sk-ant-env-key');
    expect(await source.getAnthropicApiKey({ forceRefresh: true })).toBe('sk-ant-env-key');
  });

  it('returns null when ANTHROPIC_API_KEY is unset or blank', async () => {
    expect(await createSecretSource({}).getAnthropicApiKey()).toBeNull();
    expect(await createSecretSource({ ANTHROPIC_API_KEY: '  ' }).getAnthropicApiKey()).toBeNull();
  });
});

describe('createSecretSource from AWS Secrets Manager', () => {
  let fake: FakeSecretsManager;
  let client: SecretsManagerClient;

  beforeAll(async () => {
    fake = await startFakeSecretsManager({
      'skafu/json': JSON.stringify({ apiKey: 'sk-ant-json-key' }),
      'skafu/plain': 'sk-ant-plain-key\n',
      'skafu/no-key': JSON.stringify({ token: 'sk-ant-hidden-value' }),
    });
    client = new SecretsManagerClient({ region: 'us-east-1', endpoint: fake.url, credentials: CREDENTIALS, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await fake.close();
  });
  afterEach(() => {
    fake.setDelay(0);
    vi.unstubAllEnvs();
  });

  const source = (secretId: string, clock: Clock = manualClock(), ttlMs?: number) =>
    createSecretSource({ SKAFU_AI_ANTHROPIC_SECRET_ID: secretId, ANTHROPIC_API_KEY: 'ignored' }, { client, clock, ttlMs });

  it('reads apiKey from a JSON secret and prefers it over ANTHROPIC_API_KEY', async () => {
    expect(await source('skafu/json').getAnthropicApiKey()).toBe('sk-ant-json-key');
  });

  it('reads a plain-string secret', async () => {
    expect(await source('skafu/plain').getAnthropicApiKey()).toBe('sk-ant-plain-key');
  });

  it('caches the key for the TTL and reads again once it has passed', async () => {
    fake.setSecret('skafu/ttl', 'key-1');
    const clock = manualClock();
    const secrets = source('skafu/ttl', clock, 60_000);
    expect(await secrets.getAnthropicApiKey()).toBe('key-1');
    fake.setSecret('skafu/ttl', 'key-2');
    clock.advance(59_999);
    expect(await secrets.getAnthropicApiKey()).toBe('key-1');
    expect(fake.calls('skafu/ttl')).toBe(1);
    clock.advance(1);
    expect(await secrets.getAnthropicApiKey()).toBe('key-2');
    expect(fake.calls('skafu/ttl')).toBe(2);
  });

  it('uses a 5-minute TTL by default', async () => {
    fake.setSecret('skafu/default-ttl', 'key-1');
    const clock = manualClock();
    const secrets = source('skafu/default-ttl', clock);
    await secrets.getAnthropicApiKey();
    clock.advance(5 * 60_000 - 1);
    await secrets.getAnthropicApiKey();
    expect(fake.calls('skafu/default-ttl')).toBe(1);
    clock.advance(1);
    await secrets.getAnthropicApiKey();
    expect(fake.calls('skafu/default-ttl')).toBe(2);
  });

  it('re-reads on forceRefresh so a rotated key is picked up within the TTL', async () => {
    fake.setSecret('skafu/rotate', JSON.stringify({ apiKey: 'old-key' }));
    const secrets = source('skafu/rotate');
    expect(await secrets.getAnthropicApiKey()).toBe('old-key');
    fake.setSecret('skafu/rotate', JSON.stringify({ apiKey: 'new-key' }));
    expect(await secrets.getAnthropicApiKey()).toBe('old-key');
    expect(await secrets.getAnthropicApiKey({ forceRefresh: true })).toBe('new-key');
    expect(await secrets.getAnthropicApiKey()).toBe('new-key');
    expect(fake.calls('skafu/rotate')).toBe(2);
  });

  it('shares one in-flight request among concurrent callers', async () => {
    fake.setSecret('skafu/concurrent', 'shared-key');
    fake.setDelay(50);
    const secrets = source('skafu/concurrent');
    const keys = await Promise.all(Array.from({ length: 20 }, () => secrets.getAnthropicApiKey()));
    expect(new Set(keys)).toEqual(new Set(['shared-key']));
    expect(fake.calls('skafu/concurrent')).toBe(1);
  });

  it('reports a missing secret as UnavailableError naming the id', async () => {
    const error = await source('skafu/missing').getAnthropicApiKey().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toContain('"skafu/missing"');
    expect((error as Error).message).toContain('Cannot find');
  });

  it('explains access denied and does not cache the failure', async () => {
    fake.setSecret('skafu/denied', 'key-after-grant');
    fake.failNext(1, 'AccessDeniedException');
    const secrets = source('skafu/denied');
    const error = await secrets.getAnthropicApiKey().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toContain('secretsmanager:GetSecretValue');
    expect(await secrets.getAnthropicApiKey()).toBe('key-after-grant');
  });

  it('rejects a JSON secret without apiKey without quoting its content', async () => {
    const error = await source('skafu/no-key').getAnthropicApiKey().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toContain('"apiKey"');
    expect((error as Error).message).not.toContain('sk-ant-hidden-value');
  });

  it('reaches the endpoint named by AWS_ENDPOINT_URL_SECRETS_MANAGER when no client is given', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
    const before = fake.calls('skafu/json');
    const secrets = createSecretSource({
      SKAFU_AI_ANTHROPIC_SECRET_ID: 'skafu/json',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.url,
    });
    expect(await secrets.getAnthropicApiKey()).toBe('sk-ant-json-key');
    expect(fake.calls('skafu/json')).toBe(before + 1);
  });
});
