import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import type { z } from 'zod';
import { estimateInputTokens } from '../pricing/estimate-input-tokens.js';

/**
 * Upper estimate of the input tokens the structured-output schema adds to every request (the API
 * turns `output_config.format` into prompt text that is billed as input). Converting the schema
 * takes a few milliseconds: compute it once per operation spec and keep the number.
 */
export function estimateSchemaTokens(schema: z.ZodType): number {
  return estimateInputTokens(JSON.stringify(zodOutputFormat(schema).schema));
}
