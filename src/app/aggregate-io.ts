import type { AIAnalysis } from '../domain/ai-analysis.js';
import type { ChangeContext } from '../domain/aggregate-context.js';
import type { CodeGeneration } from '../domain/code-generation.js';
import { RequestTooLargeError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Ids } from '../ports/ids.js';
import type { Store } from '../ports/store.js';

export function changeContext(clock: Clock, ids: Ids): ChangeContext {
  return { now: clock.now().toISOString(), newId: () => ids.newId() };
}

/** Saves the aggregate with its recorded events (one atomic write) and returns it at its new version. */
export async function persistAnalysis(store: Store, analysis: AIAnalysis): Promise<AIAnalysis> {
  const saved = await store.analyses.save(analysis.view(), analysis.pullEvents());
  analysis.markSaved(saved.version);
  return analysis;
}

export async function persistGeneration(store: Store, generation: CodeGeneration): Promise<CodeGeneration> {
  const saved = await store.generations.save(generation.view(), generation.pullEvents());
  generation.markSaved(saved.version);
  return generation;
}

/** Refuses a request whose JSON is larger than the plan allows, before anything is stored. */
export function assertRequestSize(request: unknown, maxBytes: number, planName: string): void {
  const bytes = Buffer.byteLength(JSON.stringify(request), 'utf8');
  if (bytes > maxBytes) {
    throw new RequestTooLargeError(`The request is ${bytes} bytes; plan "${planName}" allows ${maxBytes} (maxRequestBytes). Shorten the input, split it, or raise maxRequestBytes for the plan in the config file.`, ['input']);
  }
}
