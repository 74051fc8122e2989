import { InvalidInputError } from '../../domain/errors.js';

/** Epoch milliseconds of an ISO-8601 time; refuses what does not parse rather than storing NaN. */
export function toMs(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new InvalidInputError(`${field} must be an ISO-8601 time, got "${iso}".`, [field]);
  return ms;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function assertDay(day: string, field: string): void {
  if (!DAY.test(day)) throw new InvalidInputError(`${field} must be a UTC day YYYY-MM-DD, got "${day}".`, [field]);
}
