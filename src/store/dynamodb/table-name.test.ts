import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../domain/errors.js';
import { createDynamoStore } from './index.js';

describe('the table name of the DynamoDB store', () => {
  it.each(['skafu-ai', 'abc', 'Skafu_AI.prod-2', 'x'.repeat(255), 'arn:aws:dynamodb:eu-west-1:123456789012:table/skafu-ai', 'arn:aws-cn:dynamodb:cn-north-1:123456789012:table/t_1'])('accepts %s', async (tableName) => {
    const store = createDynamoStore({ tableName, region: 'us-east-1' });
    await store.close();
  });

  it.each(['ab', 'bad name!', 'skafu/ai', 'x'.repeat(256), 'arn:aws:dynamodb:eu-west-1:123:table/skafu'])('refuses %j before any call, naming SKAFU_AI_DYNAMODB_TABLE (exit 2)', (tableName) => {
    let thrown: unknown;
    try {
      createDynamoStore({ tableName, region: 'us-east-1' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).exitCode).toBe(2);
    expect((thrown as ConfigError).message).toContain('SKAFU_AI_DYNAMODB_TABLE must be a DynamoDB table name');
  });
});
