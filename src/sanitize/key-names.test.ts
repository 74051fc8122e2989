import { describe, expect, it } from 'vitest';
import { secretKeyName, splitKeyTokens } from './key-names.js';

describe('splitKeyTokens', () => {
  it('splits camelCase, snake_case, kebab-case, dotted paths and acronyms', () => {
    expect(splitKeyTokens('apiKey')).toEqual(['api', 'key']);
    expect(splitKeyTokens('DB_PASSWORD')).toEqual(['db', 'password']);
    expect(splitKeyTokens('x-api-key')).toEqual(['x', 'api', 'key']);
    expect(splitKeyTokens('APIKey')).toEqual(['api', 'key']);
    expect(splitKeyTokens('spring.datasource.password')).toEqual(['spring', 'datasource', 'password']);
    expect(splitKeyTokens('oauth2Token')).toEqual(['oauth', '2', 'token']);
  });
});

describe('secretKeyName', () => {
  it.each(['apiKey', 'client_secret', 'DB_PASSWORD', 'password', 'AWS_SECRET_ACCESS_KEY', 'x-api-key', 'authToken',
    'access_token', 'refreshToken', 'GITHUB_TOKEN', 'passphrase', 'dbpassword', 'clientsecret', 'apikey', 'accesstoken',
    'privateKey', 'signing_key', 'credentials', 'SecretAccessKey', 'keystorePassphrase', 'redis_pass'])('%s names a secret', (key) => {
    expect(secretKeyName(key)).toBeDefined();
  });

  it.each(['tokens_used', 'passwordPolicy', 'secretsManagerArn', 'token_type', 'max_tokens', 'next_token', 'page_token',
    'primary_key', 'partition_key', 'public_key', 'cache_key', 'key', 'keyId', 'secret_name', 'password_hash',
    'password_min_length', 'keyboard', 'monkey', 'idempotency_key', 'input_tokens', 'token_url', 'hasPassword'])('%s does not', (key) => {
    expect(secretKeyName(key)).toBeUndefined();
  });

  it('says whether the secret is a password, for the finding type', () => {
    expect(secretKeyName('DB_PASSWORD')?.noun).toBe('password');
    expect(secretKeyName('apiKey')?.noun).toBe('secret');
  });
});
