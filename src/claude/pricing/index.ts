export { createPriceTable, type ModelPrice, type PriceTable, type TierPrice } from './price-table.js';
export { PUBLISHED_PRICES, SIMULATED_MODEL_ID, type PublishedPrice, type PublishedPriceTable } from './builtin-prices.js';
export { estimateInputTokens, MESSAGE_OVERHEAD_TOKENS } from './estimate-input-tokens.js';
export { findFamilyKey } from './model-family.js';
