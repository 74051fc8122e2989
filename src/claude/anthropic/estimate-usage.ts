import type { Message, MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';
import type { TokenUsage } from '../../domain/token-usage.js';
import { estimateInputTokens } from '../pricing/estimate-input-tokens.js';

/** Whether the answer reported its token counts at all (input or output as a number; 0 counts as reported). */
export function usageReported(usage: unknown): boolean {
  if (usage === null || typeof usage !== 'object') return false;
  const { input_tokens: input, output_tokens: output } = usage as { input_tokens?: unknown; output_tokens?: unknown };
  return typeof input === 'number' || typeof output === 'number';
}

/**
 * Token counts for an answer that reported none (a server of the Messages API that leaves `usage`
 * out): the request and the answer counted with the deliberately high estimate used for budget
 * reservations. Settling such a call at 0 tokens would let it pass every token and dollar limit.
 */
export function estimatedUsage(params: MessageCreateParamsBase, message: Message): TokenUsage {
  const sent = JSON.stringify([params.system ?? '', params.messages, params.output_config ?? null]);
  const answered = message.content.map((block) => {
    if (block.type === 'text') return block.text;
    if (block.type === 'thinking') return block.thinking;
    if (block.type === 'tool_use') return JSON.stringify(block.input ?? null);
    return '';
  }).join('');
  return { input: estimateInputTokens(sent), output: answered.length > 0 ? estimateInputTokens(answered) : 0, cacheCreation: 0, cacheRead: 0 };
}
