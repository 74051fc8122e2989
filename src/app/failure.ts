import type { Logger } from 'pino';
import { ModelOutputError, SkafuError } from '../domain/errors.js';

/**
 * How a failed model step ends: `ModelOutputError` is work that completed but failed (the aggregate
 * is returned as failed); anything else is rethrown after the aggregate is stored as failed.
 */
export function failureMessage(error: unknown, logger: Logger, context: { id: string }): { message: string; rethrow: boolean } {
  if (error instanceof ModelOutputError) return { message: error.message, rethrow: false };
  if (error instanceof SkafuError) return { message: error.message, rethrow: true };
  logger.error({ err: error, aggregateId: context.id }, 'unexpected error in a model call');
  return { message: 'An internal error stopped this request; it has been logged.', rethrow: true };
}
