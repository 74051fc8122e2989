/** A seeded PRNG (mulberry32) and the picks the corpus needs: same seed, same corpus. */
export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chars(alphabet: string, n: number): string;
  chance(p: number): boolean;
}

export const DIGITS = '0123456789';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const BASE62 = DIGITS + UPPER + LOWER;
export const BASE64 = UPPER + LOWER + DIGITS + '+/';
export const BASE64URL = UPPER + LOWER + DIGITS + '-_';
export const HEX = '0123456789abcdef';

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
    chars: (alphabet: string, n: number): string => {
      let out = '';
      for (let i = 0; i < n; i++) out += alphabet[int(0, alphabet.length - 1)];
      return out;
    },
    chance: (p: number): boolean => next() < p,
  };
}

/** Random characters that contain every class given (so entropy checks see a real-looking token). */
export function mixed(r: Random, alphabet: string, n: number, mustHave: readonly string[] = [UPPER, LOWER, DIGITS]): string {
  for (;;) {
    const s = r.chars(alphabet, n);
    if (mustHave.every((cls) => [...s].some((c) => cls.includes(c)))) return s;
  }
}
