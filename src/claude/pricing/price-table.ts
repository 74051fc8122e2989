import type { PriceInput } from '../../config/schema.js';
import { UnknownModelPriceError } from '../../domain/errors.js';
import type { MicroUsd } from '../../domain/money.js';
import type { TokenUsage } from '../../domain/token-usage.js';
import { PUBLISHED_PRICES, SIMULATED_MODEL_ID, type PublishedPrice } from './builtin-prices.js';
import { findFamilyKey } from './model-family.js';

/** Prices of one tier in integer micro-dollars per million tokens (so sums stay exact). */
export interface TierPrice {
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
}

export interface ModelPrice extends TierPrice {
  /** The table key that priced the model (family or exact id). */
  family: string;
  /** Whether the price came from config rather than the built-in table. */
  fromConfig: boolean;
  longContext?: TierPrice & { aboveInputTokens: number };
}

export interface PriceTable {
  /** Date and source of the built-in figures. */
  readonly asOf: string;
  readonly source: string;
  /** The price of a model id; throws `UnknownModelPriceError` when no family names it. */
  priceOf(model: string): ModelPrice;
  /**
   * The bill of one call: every token count times its own price. Cache creation is split into its
   * 5-minute and 1-hour parts when the split is present (anything unsplit is priced as 5-minute).
   * Exact integer arithmetic; the total (not each component) is rounded half up to a micro-dollar.
   */
  costMicroUsd(model: string, usage: TokenUsage): MicroUsd;
  /**
   * The most a call can cost: every input token at the dearer of the input and 5-minute cache-write
   * prices, plus `maxTokens` output tokens. Rounded up.
   */
  worstCaseMicroUsd(model: string, inputTokens: number, maxTokens: number): MicroUsd;
  /** The largest `max_tokens` whose worst case fits in the budget (0 when even the input does not fit). */
  maxTokensWithin(model: string, inputTokens: number, budgetMicroUsd: MicroUsd): number;
}

const PER_MTOK = 1_000_000n;
const FREE: TierPrice = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 };

/**
 * The built-in table plus config overrides (USD per MTok). An override key is a family or an exact
 * id, matched like the built-in keys; missing cache prices derive by the published multipliers
 * (5-minute write 1.25× input, 1-hour write 2× input, read 0.1× input). USD figures are converted to
 * whole micro-dollars per MTok, i.e. to the millionth of a dollar per million tokens.
 */
export function createPriceTable(overrides: Record<string, PriceInput> = {}): PriceTable {
  const prices = new Map<string, ModelPrice>();
  for (const [key, published] of Object.entries(PUBLISHED_PRICES.prices)) {
    prices.set(key.toLowerCase(), fromPublished(key, published));
  }
  for (const [key, input] of Object.entries(overrides)) {
    prices.set(key.toLowerCase(), fromConfig(key, input));
  }
  prices.set(SIMULATED_MODEL_ID, { family: SIMULATED_MODEL_ID, fromConfig: false, ...FREE });
  const resolved = new Map<string, ModelPrice>();

  function priceOf(model: string): ModelPrice {
    const cached = resolved.get(model);
    if (cached) return cached;
    const key = findFamilyKey(model, prices.keys());
    const price = key === null ? undefined : prices.get(key);
    if (!price) throw new UnknownModelPriceError(model);
    // Bounded by the distinct model ids a deployment uses.
    resolved.set(model, price);
    return price;
  }

  return {
    asOf: PUBLISHED_PRICES.asOf,
    source: PUBLISHED_PRICES.source,
    priceOf,
    costMicroUsd(model, usage) {
      const price = priceOf(model);
      const promptTokens = usage.input + usage.cacheCreation + usage.cacheRead;
      const tier = tierFor(price, promptTokens);
      const split = usage.cacheCreation5m !== undefined || usage.cacheCreation1h !== undefined;
      const write1h = split ? Math.min(usage.cacheCreation1h ?? 0, usage.cacheCreation) : 0;
      const write5m = usage.cacheCreation - write1h;
      const picoUsd = tokens(usage.input) * BigInt(tier.input)
        + tokens(usage.output) * BigInt(tier.output)
        + tokens(write5m) * BigInt(tier.cacheWrite5m)
        + tokens(write1h) * BigInt(tier.cacheWrite1h)
        + tokens(usage.cacheRead) * BigInt(tier.cacheRead);
      return Number((picoUsd + PER_MTOK / 2n) / PER_MTOK);
    },
    worstCaseMicroUsd(model, inputTokens, maxTokens) {
      const tier = tierFor(priceOf(model), inputTokens);
      const scaled = worstCaseInputScaled(tier, inputTokens) + tokens(maxTokens) * BigInt(tier.output);
      return Number((scaled + PER_MTOK - 1n) / PER_MTOK);
    },
    maxTokensWithin(model, inputTokens, budgetMicroUsd) {
      const tier = tierFor(priceOf(model), inputTokens);
      if (tier.output === 0) return Number.MAX_SAFE_INTEGER;
      // ceil(x / 1e6) <= budget  <=>  x <= budget * 1e6 for integer x.
      const room = BigInt(Math.max(0, Math.floor(budgetMicroUsd))) * PER_MTOK - worstCaseInputScaled(tier, inputTokens);
      if (room < 0n) return 0;
      const fit = room / BigInt(tier.output);
      return fit > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(fit);
    },
  };
}

function worstCaseInputScaled(tier: TierPrice, inputTokens: number): bigint {
  return tokens(inputTokens) * BigInt(Math.max(tier.input, tier.cacheWrite5m));
}

function tierFor(price: ModelPrice, promptTokens: number): TierPrice {
  return price.longContext && promptTokens > price.longContext.aboveInputTokens ? price.longContext : price;
}

function tokens(count: number): bigint {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`token counts must be non-negative integers, got ${count}`);
  }
  return BigInt(count);
}

function micros(usdPerMTok: number): number {
  return Math.round(usdPerMTok * 1_000_000);
}

/** `usd` holds USD per MTok; the result micro-dollars per MTok. */
function tierFromUsd(usd: TierPrice): TierPrice {
  return {
    input: micros(usd.input),
    output: micros(usd.output),
    cacheWrite5m: micros(usd.cacheWrite5m),
    cacheWrite1h: micros(usd.cacheWrite1h),
    cacheRead: micros(usd.cacheRead),
  };
}

function fromPublished(family: string, published: PublishedPrice): ModelPrice {
  const price: ModelPrice = { family, fromConfig: false, ...tierFromUsd(published) };
  if (published.longContext) {
    price.longContext = { aboveInputTokens: published.longContext.aboveInputTokens, ...tierFromUsd(published.longContext) };
  }
  return price;
}

function fromConfig(family: string, input: PriceInput): ModelPrice {
  const inputMicros = micros(input.input);
  return {
    family,
    fromConfig: true,
    input: inputMicros,
    output: micros(input.output),
    cacheWrite5m: input.cacheWrite5m === undefined ? Math.round(inputMicros * 1.25) : micros(input.cacheWrite5m),
    cacheWrite1h: input.cacheWrite1h === undefined ? inputMicros * 2 : micros(input.cacheWrite1h),
    cacheRead: input.cacheRead === undefined ? Math.round(inputMicros / 10) : micros(input.cacheRead),
  };
}
