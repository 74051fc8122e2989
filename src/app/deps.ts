import type { Logger } from 'pino';
import type { z } from 'zod';
import type { AppConfig } from '../config/app-config.js';
import type { Operation } from '../domain/operations.js';
import type { GeneratedFile, ValidationReport } from '../domain/validation-result.js';
import type { Prices } from '../governance/prices.js';
import type { Clock } from '../ports/clock.js';
import type { Ids } from '../ports/ids.js';
import type { Model } from '../ports/model.js';
import type { Store } from '../ports/store.js';

/** The code validator as the use cases need it (src/checks implements it). */
export interface CodeValidator {
  validateFiles(files: GeneratedFile[], options?: { expectTests?: boolean; maxFiles?: number; maxFileBytes?: number }): Promise<ValidationReport>;
}

/** Everything the library core is built from. Entry points assemble it; nothing here is global. */
export interface AIIntegrationDeps {
  store: Store;
  config: AppConfig;
  model: Model;
  /** The API model id per operation (from config, or `simulated`). */
  modelIdFor: (operation: Operation) => string;
  prices: Prices;
  estimateInputTokens: (text: string) => number;
  /** Tokens an output schema adds to each request; reservations include them. */
  estimateSchemaTokens?: (schema: z.ZodType) => number;
  validator: CodeValidator;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** Called after an async job is queued in the store (e.g. to send it to SQS). */
  onJobSubmitted?: (job: { id: string; kind: 'analysis' | 'generation' }) => Promise<void>;
}
