/** UTC windows of the quota and usage vocabulary: days, calendar months, minutes. */

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function utcMonth(at: Date): string {
  return at.toISOString().slice(0, 7);
}

export function utcMinute(at: Date): string {
  return at.toISOString().slice(0, 16);
}

export function startOfNextDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

export function startOfNextMonth(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

export function startOfNextMinute(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000 + 60_000);
}

/** The UTC days from `days - 1` days before `at` up to `at`, oldest first. */
export function lastDays(at: Date, days: number): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i -= 1) {
    out.push(utcDay(new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - i))));
  }
  return out;
}
