import type { z } from 'zod';
import type { Operation } from '../../domain/operations.js';

/** Everything a model call needs that does not depend on the user's input. */
export interface OperationSpec {
  operation: Operation;
  /** Changes whenever the prompt or the schema changes (part of the cache key), e.g. `requirements@1`. */
  promptVersion: string;
  /** The static system prompt; never contains user content, so it can be cached by the API. */
  system: string;
  /** The structured output the model must produce. */
  schema: z.ZodType;
}
