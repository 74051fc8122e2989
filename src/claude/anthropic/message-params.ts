import type { MessageCreateParamsBase, MessageParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { z } from 'zod';
import type { ModelRequest } from '../../ports/model.js';
import { repairUserContent } from '../prompts/user-content.js';

/**
 * The request body: the static system prompt first, marked as a prompt-cache breakpoint so repeated
 * calls read it from the cache; the user's material in the user turn only; a repair round adds the
 * problems and the previous answer as a second block of the same turn.
 */
export function messageParams(request: ModelRequest<z.ZodType>, jsonSchema: Record<string, unknown>): MessageCreateParamsBase {
  const system: TextBlockParam[] = [{ type: 'text', text: request.system, cache_control: { type: 'ephemeral' } }];
  const userBlocks: TextBlockParam[] = [{ type: 'text', text: request.userContent }];
  if (request.repair) {
    userBlocks.push({ type: 'text', text: repairUserContent(request.repair.previousOutput, request.repair.problems) });
  }
  const messages: MessageParam[] = [{ role: 'user', content: userBlocks }];
  return {
    model: request.model,
    max_tokens: request.maxTokens,
    system,
    messages,
    output_config: { format: { type: 'json_schema', schema: jsonSchema } },
  };
}
