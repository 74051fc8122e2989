/** Reads the common fields of any analysis output (every analysis schema has both). */

export function extractRecommendations(output: unknown): unknown[] {
  if (output !== null && typeof output === 'object') {
    const recommendations = (output as { recommendations?: unknown }).recommendations;
    if (Array.isArray(recommendations)) return recommendations;
  }
  return [];
}

/** The output's confidence, clamped to 0..1; 0 when it has none. */
export function confidenceOf(output: unknown): number {
  if (output !== null && typeof output === 'object') {
    const confidence = (output as { confidence?: unknown }).confidence;
    if (typeof confidence === 'number' && Number.isFinite(confidence)) return Math.min(1, Math.max(0, confidence));
  }
  return 0;
}
