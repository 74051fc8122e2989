import { z } from 'zod';

/** Strips `optional`/`nullable` wrappers to reach the schema that describes the value. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
  return current;
}

/**
 * The keys the schema allows in the object at `path` (a path of a zod issue), or `null` when that
 * place is not a fixed-key object. A record (plans, organizations, prices) takes any key and leads
 * to its value schema.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | null {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    const here: z.ZodType = unwrap(current);
    if (here instanceof z.ZodObject) current = (here.shape as Record<string, z.ZodType>)[String(segment)];
    else if (here instanceof z.ZodRecord) current = here.valueType as z.ZodType;
    else return null;
    if (!current) return null;
  }
  const target = unwrap(current);
  return target instanceof z.ZodObject ? Object.keys(target.shape as Record<string, z.ZodType>) : null;
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const above = rows[i - 1] ?? [];
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row[j] = best;
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/**
 * The known name a mistyped one most likely meant: the same letters in another case, or the
 * closest spelling within a few edits (ignoring case, `_` and `-`). `null` when nothing is close.
 */
export function closestName(given: string, known: readonly string[]): string | null {
  const fold = (name: string): string => name.toLowerCase().replace(/[_-]/g, '');
  const folded = fold(given);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const name of known) {
    const distance = editDistance(folded, fold(name));
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(folded.length / 3)));
  return best !== null && bestDistance <= allowed ? best : null;
}
