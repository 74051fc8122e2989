/**
 * Money is carried as integer micro-dollars (1 USD = 1_000_000) end to end so that sums are exact.
 * Only presentation converts to a decimal number of dollars.
 */
export type MicroUsd = number;

export const MICROS_PER_USD = 1_000_000;

/**
 * Converts dollars to micro-dollars, rounding half away from zero on the decimal value written
 * (`0.0001245` → 125). The product is first cut to 15 significant digits because binary floats turn
 * e.g. 0.0001245 × 10⁶ into 124.49999999999999, which plain `Math.round` would round down.
 */
export function usdToMicros(usd: number): MicroUsd {
  const micros = Number((usd * MICROS_PER_USD).toPrecision(15));
  const rounded = micros < 0 ? -Math.round(-micros) : Math.round(micros);
  return rounded === 0 ? 0 : rounded;
}

export function microsToUsd(micros: MicroUsd): number {
  return micros / MICROS_PER_USD;
}

/** Formats micro-dollars for people: `$1.2345`, `$0.0123`, and six decimals below a cent (`$0.001234`). */
export function formatUsd(micros: MicroUsd): string {
  const usd = Math.abs(microsToUsd(micros));
  const digits = usd !== 0 && usd < 0.01 ? 6 : 4;
  return `${micros < 0 ? '-' : ''}$${usd.toFixed(digits)}`;
}
