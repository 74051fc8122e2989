/**
 * Published Claude prices, USD per million tokens, as data. Keys are model FAMILIES: an API id
 * `claude-<family>-<major>[-<minor>][-<snapshot>]` is priced by the longest key that names it (see
 * `model-family.ts`). Config `prices` adds to or overrides these entries.
 */
export interface PublishedPrice {
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  /**
   * Prices that apply to the whole request once its prompt (input + cache writes + cache reads)
   * exceeds `aboveInputTokens` tokens.
   */
  longContext?: { aboveInputTokens: number; input: number; output: number; cacheWrite5m: number; cacheWrite1h: number; cacheRead: number };
}

export interface PublishedPriceTable {
  /** Date the figures were read from the source (ISO date). */
  asOf: string;
  source: string;
  prices: Readonly<Record<string, PublishedPrice>>;
}

const FABLE_5_1: PublishedPrice = { input: 10, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 0.25, output: 50 };
const FABLE_5: PublishedPrice = { input: 10, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 1, output: 50 };
const OPUS_4_5_TO_5: PublishedPrice = { input: 5, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5, output: 25 };
const OPUS_4_AND_4_1: PublishedPrice = { input: 15, cacheWrite5m: 18.75, cacheWrite1h: 30, cacheRead: 1.5, output: 75 };
const SONNET_4_6: PublishedPrice = { input: 3, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3, output: 15 };
/** Sonnet 4 and 4.5 with the 1M context window charge more once the prompt exceeds 200k tokens. */
const SONNET_4_AND_4_5: PublishedPrice = {
  ...SONNET_4_6,
  longContext: { aboveInputTokens: 200_000, input: 6, cacheWrite5m: 7.5, cacheWrite1h: 12, cacheRead: 0.6, output: 22.5 },
};
const HAIKU_4_5: PublishedPrice = { input: 1, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1, output: 5 };
const HAIKU_3_5: PublishedPrice = { input: 0.8, cacheWrite5m: 1, cacheWrite1h: 1.6, cacheRead: 0.08, output: 4 };
const HAIKU_3: PublishedPrice = { input: 0.25, cacheWrite5m: 0.3, cacheWrite1h: 0.5, cacheRead: 0.03, output: 1.25 };

/** Above 100k prompt tokens Haiku 5.5 costs five times its base prices. */
const HAIKU_5_5: PublishedPrice = {
  input: 0.1, cacheWrite5m: 0.125, cacheWrite1h: 0.2, cacheRead: 0.01, output: 0.5,
  longContext: { aboveInputTokens: 100_000, input: 0.5, cacheWrite5m: 0.625, cacheWrite1h: 1, cacheRead: 0.05, output: 2.5 },
};

export const PUBLISHED_PRICES: PublishedPriceTable = Object.freeze({
  asOf: '2026-11-01',
  source: 'https://platform.claude.com/docs/en/about-claude/pricing',
  prices: Object.freeze({
    'claude-fable-5-1': FABLE_5_1,
    'claude-mythos-5-1': FABLE_5_1,
    'claude-fable-5': FABLE_5,
    'claude-mythos-5': FABLE_5,
    // From the models' overview pages, a newer snapshot than the pricing table.
    'claude-opus-5-5': { input: 4, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.2, output: 20 },
    'claude-sonnet-5-5': { input: 2, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2, output: 10 },
    'claude-haiku-5-5': HAIKU_5_5,
    // Secondary sources only (input/output); cache prices derived by the published multipliers.
    'claude-sonnet-5': { input: 2, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2, output: 10 },
    'claude-opus-5': OPUS_4_5_TO_5,
    'claude-opus-4-8': OPUS_4_5_TO_5,
    'claude-opus-4-7': OPUS_4_5_TO_5,
    'claude-opus-4-6': OPUS_4_5_TO_5,
    'claude-opus-4-5': OPUS_4_5_TO_5,
    'claude-opus-4-1': OPUS_4_AND_4_1,
    'claude-opus-4': OPUS_4_AND_4_1,
    'claude-sonnet-4-6': SONNET_4_6,
    'claude-sonnet-4-5': SONNET_4_AND_4_5,
    'claude-sonnet-4': SONNET_4_AND_4_5,
    'claude-haiku-4-5': HAIKU_4_5,
    // Haiku 3.5 and 3 were published under the older `claude-<major>-<minor>-<family>` ids.
    'claude-3-5-haiku': HAIKU_3_5,
    'claude-haiku-3-5': HAIKU_3_5,
    'claude-3-haiku': HAIKU_3,
    'claude-haiku-3': HAIKU_3,
  }),
});

/** The id of the built-in simulated model; it costs nothing. */
export const SIMULATED_MODEL_ID = 'simulated';
