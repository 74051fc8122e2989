/**
 * Finds the price-table key that names a model id. Keys are families such as `claude-sonnet-4-5`;
 * ids add a dated snapshot (`claude-sonnet-4-5-20250929`) or an alias suffix (`-latest`, `@20250929`).
 * The longest matching key wins, and a key never matches an id that continues with another version
 * number: `claude-opus-4` names `claude-opus-4-20250514` but not `claude-opus-4-9`, so an unknown
 * newer model is an error instead of being priced as an older one.
 */
export function findFamilyKey(model: string, keys: Iterable<string>): string | null {
  const id = model.trim().toLowerCase();
  let best: string | null = null;
  for (const key of keys) {
    const family = key.toLowerCase();
    if (!namesModel(family, id)) continue;
    if (best === null || family.length > best.length) best = key;
  }
  return best;
}

function namesModel(family: string, id: string): boolean {
  if (id === family) return true;
  if (!id.startsWith(family)) return false;
  const separator = id[family.length];
  if (separator === '@') return true;
  if (separator !== '-') return false;
  const nextSegment = id.slice(family.length + 1).split(/[-@]/, 1)[0] ?? '';
  return !isVersionNumber(nextSegment);
}

/** Version segments are small numbers; snapshots are 8-digit dates. */
function isVersionNumber(segment: string): boolean {
  return /^\d{1,2}$/.test(segment);
}
