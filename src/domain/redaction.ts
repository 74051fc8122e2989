/** What the sanitizer removed from one request: types and counts only, never values. */
export interface RedactionCount {
  type: string;
  count: number;
}
