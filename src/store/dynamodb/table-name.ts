import { ConfigError } from '../../domain/errors.js';

/** DynamoDB's rule for table names. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
/** A table may also be named by its ARN (arn:<partition>:dynamodb:<region>:<account>:table/<name>). */
const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/([A-Za-z0-9_.-]{3,255})$/;

/**
 * Refuses a table name DynamoDB would refuse, before any call: a configuration mistake (exit 2)
 * rather than a store that is "unavailable" (exit 4) on every command.
 */
export function checkTableName(tableName: string): void {
  if (TABLE_NAME.test(tableName) || TABLE_ARN.test(tableName)) return;
  const shown = JSON.stringify(tableName.length > 80 ? `${tableName.slice(0, 80)}…` : tableName);
  throw new ConfigError(`SKAFU_AI_DYNAMODB_TABLE must be a DynamoDB table name (3–255 letters, digits, "_", "-" or ".") or a table ARN; got ${shown} (${tableName.length} characters).`);
}
