/**
 * Money is carried as integer micro-dollars (1 USD = 1_000_000) end to end so that sums are exact.
 * Only presentation converts to a decimal number of dollars.
 */
export type MicroUsd = number;

export const MICROS_PER_USD = 1_000_000;

export function usdToMicros(usd: number): MicroUsd {
  return Math.round(usd * MICROS_PER_USD);
}

export function microsToUsd(micros: MicroUsd): number {
  return micros / MICROS_PER_USD;
}

/** Formats micro-dollars for people: `$0.012345`. */
export function formatUsd(micros: MicroUsd): string {
  const usd = microsToUsd(micros);
  return `$${usd.toFixed(usd !== 0 && Math.abs(usd) < 0.01 ? 6 : 4)}`;
}
