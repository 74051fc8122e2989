import { StoreUnavailableError } from '../../domain/errors.js';

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'LimitExceededException',
]);
const ACCESS = new Set([
  'AccessDeniedException', 'UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException',
  'CredentialsProviderError', 'MissingAuthenticationTokenException',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

export function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  return typeof error;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns any failure of a DynamoDB call into `StoreUnavailableError`, so callers fail closed (exit 4,
 * HTTP 503). Messages name the table and what to check; they never include item contents.
 */
export function toStoreUnavailable(error: unknown, tableName: string, action: string): StoreUnavailableError {
  if (error instanceof StoreUnavailableError) return error;
  const name = errorName(error);
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  let message: string;
  if (name === 'ResourceNotFoundException') {
    message = `The DynamoDB table "${tableName}" does not exist (while ${action}). Create it with \`skafu-ai store init\` (SKAFU_AI_STORE=dynamodb), or check SKAFU_AI_DYNAMODB_TABLE and the AWS region.`;
  } else if (THROTTLING.has(name)) {
    message = `DynamoDB is throttling requests to table "${tableName}" (while ${action}); the request was refused rather than allowed. Retry shortly, or raise the table's capacity.`;
  } else if (ACCESS.has(name)) {
    message = `DynamoDB refused the credentials or permissions for table "${tableName}" (while ${action}: ${name}). Check the AWS credentials and the IAM policy.`;
  } else if (name === 'TimeoutError' || name === 'RequestTimeout' || (code !== undefined && NETWORK_CODES.has(code))) {
    message = `DynamoDB could not be reached (while ${action}: ${code ?? name}). Check the network, the region and AWS_ENDPOINT_URL_DYNAMODB.`;
  } else {
    message = `DynamoDB failed while ${action} on table "${tableName}": ${name}: ${detail}`;
  }
  // A slim cause: the SDK error carries the whole HTTP response, which loggers would serialise.
  return new StoreUnavailableError(message, { cause: new Error(`${name}: ${detail}`) });
}
