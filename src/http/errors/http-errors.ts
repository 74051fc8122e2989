import { SkafuError } from '../../domain/errors.js';

/** No, malformed, unknown or revoked API key. */
export class UnauthorizedError extends SkafuError {
  override readonly name = 'UnauthorizedError';
  readonly code = 'unauthorized';
  readonly exitCode = 2;
  readonly httpStatus = 401;
}

/** The key is valid but its role may not do this (e.g. a member asking for organisation usage). */
export class ForbiddenError extends SkafuError {
  override readonly name = 'ForbiddenError';
  readonly code = 'forbidden';
  readonly exitCode = 2;
  readonly httpStatus = 403;
}

/** The per-key request rate of the HTTP service was exceeded. */
export class RateLimitedError extends SkafuError {
  override readonly name = 'RateLimitedError';
  readonly code = 'rate_limited';
  readonly exitCode = 3;
  readonly httpStatus = 429;
  constructor(readonly limit: string, readonly retryAfterSeconds: number, message: string) {
    super(message);
  }
}

/** A feature this deployment cannot offer (e.g. a job queue or event streams on AWS Lambda). */
export class NotAvailableHereError extends SkafuError {
  override readonly name = 'NotAvailableHereError';
  readonly exitCode = 4;
  readonly httpStatus = 501;
  constructor(readonly code: 'async_unavailable' | 'event_streams_unavailable', message: string) {
    super(message);
  }
}

/** The handler did not finish within the request deadline. */
export class RequestTimeoutError extends SkafuError {
  override readonly name = 'RequestTimeoutError';
  readonly code = 'request_timeout';
  readonly exitCode = 4;
  readonly httpStatus = 504;
}

/** A request that arrived while the server drains for shutdown (on a connection it already had). */
export class ShuttingDownError extends SkafuError {
  override readonly name = 'ShuttingDownError';
  readonly code = 'shutting_down';
  readonly exitCode = 4;
  readonly httpStatus = 503;
  /** Seconds a client should wait before sending it again (to another instance or the restarted one). */
  readonly retryAfterSeconds = 2;
}
