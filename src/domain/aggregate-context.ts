/** What an aggregate needs from the outside to change state: the time and fresh ids (no I/O). */
export interface ChangeContext {
  /** ISO-8601 UTC timestamp of the change. */
  now: string;
  newId: () => string;
}
