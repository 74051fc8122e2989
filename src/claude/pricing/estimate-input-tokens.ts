/** Tokens of framing every message costs beyond its text (role markers, block separators). */
export const MESSAGE_OVERHEAD_TOKENS = 32;

/**
 * A deliberately high estimate of the tokens `text` costs as model input, for worst-case budget
 * reservations before a call (the real count is settled from the response's usage afterwards).
 *
 * Rule: ceil(UTF-8 bytes / 3) + 32. Claude's tokenizer averages about 4 bytes per token on English
 * prose and a little over 3 on code and JSON, so dividing by 3 over-counts both; CJK text is about
 * 3 bytes per character and rarely more than one token per character. Over-estimating only lowers
 * the `max_tokens` a tight budget allows; under-estimating could let spend pass a budget.
 */
export function estimateInputTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 3) + MESSAGE_OVERHEAD_TOKENS;
}
