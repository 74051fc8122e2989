import { initialSchema } from './0001-initial-schema.js';
import { jobOptions } from './0002-job-options.js';
import type { Migration } from './migration.js';

export type { Migration };

/** Every migration, in version order. Append new ones; never edit an applied one. */
export const MIGRATIONS: readonly Migration[] = [initialSchema, jobOptions];
