import { randomUUID } from 'node:crypto';

/** Source of unique ids for aggregates, events, reservations and jobs. */
export interface Ids {
  newId(): string;
}

export const randomIds: Ids = { newId: () => randomUUID() };
