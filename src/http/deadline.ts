import { RequestTimeoutError } from './errors/http-errors.js';

/**
 * Runs `work` with a signal that aborts after `ms`; if the deadline passes first the request answers
 * 504 while the signal tells the core to stop (and release what it reserved).
 */
export async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new RequestTimeoutError(`The request did not finish within ${Math.round(ms / 1000)} s. Retry later, or submit it with ?async=true and poll or stream its events.`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
