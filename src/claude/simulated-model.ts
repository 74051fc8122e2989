import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import { ModelUnavailableError } from '../domain/errors.js';
import { ZERO_TOKENS } from '../domain/token-usage.js';
import type { Model, ModelRequest, ModelResponse } from '../ports/model.js';
import { SIMULATED_MODEL_ID } from './pricing/builtin-prices.js';
import { readMaterial } from './simulated/read-material.js';
import { simulatedOutput } from './simulated/simulated-output.js';

export interface SimulatedModelOptions {
  /** Pretend latency per call (default 0). */
  latencyMs?: number;
}

/**
 * A model that needs no key and costs nothing: deterministic, schema-valid answers derived from
 * the input (services from the entities of the requirements, findings from the resources of a
 * template, a secure Python or TypeScript bundle from a service specification).
 */
export function createSimulatedModel(options: SimulatedModelOptions = {}): Model {
  return {
    async invoke<S extends z.ZodType>(request: ModelRequest<S>): Promise<ModelResponse<z.infer<S>>> {
      const started = performance.now();
      if (options.latencyMs && options.latencyMs > 0) {
        try {
          await sleep(options.latencyMs, undefined, request.signal ? { signal: request.signal } : {});
        } catch (error) {
          throw new ModelUnavailableError(`The simulated call was cancelled (${error instanceof Error ? error.message : String(error)}).`);
        }
      }
      const output = simulatedOutput(readMaterial(request.userContent), request.schema);
      const rawText = JSON.stringify(output);
      if (request.stream && request.onProgress) {
        const total = Math.ceil(rawText.length / 4);
        for (const share of [0.25, 0.5, 0.75, 1]) request.onProgress({ outputTokens: Math.ceil(total * share) });
      }
      const result = request.schema.safeParse(output);
      return {
        parsed: result.success ? (result.data as z.infer<S>) : null,
        parseError: result.success ? null : result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
        rawText,
        usage: { ...ZERO_TOKENS },
        model: SIMULATED_MODEL_ID,
        stopReason: 'end_turn',
        latencyMs: Math.round(performance.now() - started),
        requestId: null,
      };
    },
  };
}
