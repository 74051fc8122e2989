/**
 * Typed errors of the whole product. Each carries a stable `code` (used by HTTP answers) and the exit
 * code the CLI returns for it. Messages say what is wrong and how to fix it, and never quote raw input.
 */
export abstract class SkafuError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: number;
  abstract readonly httpStatus: number;
}

/** Bad usage or bad input (exit 2, HTTP 400). */
export class InvalidInputError extends SkafuError {
  override readonly name = 'InvalidInputError';
  readonly code: string = 'invalid_input';
  readonly exitCode = 2;
  readonly httpStatus: number = 400;
  constructor(message: string, readonly fields: string[] = []) {
    super(message);
  }
}

export class RequestTooLargeError extends InvalidInputError {
  override readonly code = 'request_too_large';
  override readonly httpStatus = 413;
}

export class ConfigError extends SkafuError {
  override readonly name = 'ConfigError';
  readonly code = 'invalid_config';
  readonly exitCode = 2;
  readonly httpStatus = 500;
}

export class NotFoundError extends SkafuError {
  override readonly name = 'NotFoundError';
  readonly code = 'not_found';
  readonly exitCode = 2;
  readonly httpStatus = 404;
}

export class IllegalTransitionError extends SkafuError {
  override readonly name = 'IllegalTransitionError';
  readonly code = 'illegal_transition';
  readonly exitCode = 1;
  readonly httpStatus = 409;
  constructor(readonly kind: string, readonly id: string, readonly from: string, readonly to: string) {
    super(`${kind} ${id} cannot go from ${from} to ${to}`);
  }
}

export interface LimitBreach {
  /** e.g. `perUser.requestsPerDay.project_analysis` */
  limit: string;
  scope: 'user' | 'organization';
  value: number;
  current: number;
  /** ISO time at which the window resets; absent for concurrency limits. */
  resetsAt?: string;
  /** Unit of value/current: requests, tokens, usd (micro-dollars converted for display), concurrent. */
  unit: 'requests' | 'tokens' | 'usd' | 'concurrent' | 'bytes';
}

/** A quota or budget would be exceeded (exit 3, HTTP 429). */
export class UsageLimitExceededError extends SkafuError {
  override readonly name = 'UsageLimitExceededError';
  readonly code = 'usage_limit_exceeded';
  readonly exitCode = 3;
  readonly httpStatus = 429;
  constructor(readonly breach: LimitBreach, message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** The model or a store could not answer (exit 4, HTTP 503). */
export class UnavailableError extends SkafuError {
  override readonly name = 'UnavailableError';
  readonly code: string = 'unavailable';
  readonly exitCode = 4;
  readonly httpStatus = 503;
}

export class ModelUnavailableError extends UnavailableError {
  override readonly code = 'model_unavailable';
}

/**
 * Anthropic refused the call because its account's spend limit is reached: unlike other model
 * failures, retrying cannot help until the limit is raised or the billing period ends.
 */
export class ModelSpendLimitError extends ModelUnavailableError {}

export class StoreUnavailableError extends UnavailableError {
  override readonly code = 'store_unavailable';
}

export class MissingApiKeyError extends UnavailableError {
  override readonly code = 'missing_api_key';
  constructor() {
    super('No Claude API key: set ANTHROPIC_API_KEY (or SKAFU_AI_ANTHROPIC_SECRET_ID to read it from AWS Secrets Manager), or pass --simulate to try the built-in simulated model.');
  }
}

/** The model answered but the work failed: schema-invalid output, refusal, truncation (exit 1). */
export class ModelOutputError extends SkafuError {
  override readonly name: string = 'ModelOutputError';
  readonly code = 'model_output_invalid';
  readonly exitCode = 1;
  readonly httpStatus = 502;
}

export class UnknownModelPriceError extends SkafuError {
  override readonly name = 'UnknownModelPriceError';
  readonly code = 'unknown_model_price';
  readonly exitCode = 2;
  readonly httpStatus = 500;
  constructor(readonly model: string) {
    super(`No price is known for model "${model}". Add it under \`prices\` in the config file (USD per million tokens: input, output, cacheWrite5m, cacheWrite1h, cacheRead).`);
  }
}
