import { Transform, type Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { planFor, type AppConfig } from '../../config/app-config.js';
import { RequestTooLargeError } from '../../domain/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../ports/store.js';
import { RateLimitedError } from '../errors/http-errors.js';
import type { ServiceMetrics } from '../metrics/service-metrics.js';
import { TokenBuckets } from '../rate-limit/token-bucket.js';
import { authenticate } from './authenticate.js';

export interface AuthHookDeps {
  store: Store;
  config: AppConfig;
  clock: Clock;
  metrics: ServiceMetrics;
  /** Requests per minute per API key on every /v1 route; null = no limit. */
  requestsPerMinutePerKey: number | null;
}

export const KEY_RATE_LIMIT_NAME = 'http.requestsPerMinutePerKey';

/**
 * onRequest hook of the /v1 routes, run before the body is read: the API key (401), the key's request
 * rate (429) and the plan's request size (413).
 */
export function createAuthHook(deps: AuthHookDeps) {
  const buckets = new TokenBuckets();
  const { store, config, clock, metrics, requestsPerMinutePerKey: perMinute } = deps;
  return async (request: FastifyRequest): Promise<void> => {
    const principal = await authenticate(store, request.headers.authorization);
    request.principal = principal;
    if (perMinute !== null) {
      const taken = buckets.take(principal.keyId, perMinute, clock.now().getTime());
      if (!taken.allowed) {
        metrics.rateLimited.inc();
        throw new RateLimitedError(KEY_RATE_LIMIT_NAME, taken.retryAfterSeconds,
          `This API key sent more than ${perMinute} requests in a minute (${KEY_RATE_LIMIT_NAME}); wait for Retry-After seconds.`);
      }
    }
    const length = Number(request.headers['content-length'] ?? 0);
    const plan = planFor(config, principal.orgId);
    if (length > plan.maxRequestBytes) {
      throw new RequestTooLargeError(`The request body is ${length} bytes; plan "${plan.name}" allows ${plan.maxRequestBytes} (maxRequestBytes). Send less data or raise maxRequestBytes for the plan in the config file.`, ['body']);
    }
  };
}

/**
 * preParsing hook of the /v1 routes: a body sent without Content-Length (chunked) is counted as it
 * arrives and refused (413) once it passes the plan's `maxRequestBytes`, as one with Content-Length
 * is refused before it is read. Fastify's own body limit is the largest plan's, so without this a
 * chunked body up to that size reached the routes of a smaller plan.
 */
export function createPlanBodyLimitHook(config: AppConfig) {
  const largest = Math.max(...Object.values(config.plans).map((plan) => plan.maxRequestBytes));
  return async (request: FastifyRequest, _reply: FastifyReply, payload: Readable): Promise<Readable> => {
    if (request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] === undefined || !request.principal) return payload;
    const plan = planFor(config, request.principal.orgId);
    if (plan.maxRequestBytes >= largest) return payload;
    let received = 0;
    const limited = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (received > plan.maxRequestBytes) {
          payload.unpipe(limited);
          callback(new RequestTooLargeError(`The request body is over ${plan.maxRequestBytes} bytes, which plan "${plan.name}" allows (maxRequestBytes). Send less data or raise maxRequestBytes for the plan in the config file.`, ['body']));
          return;
        }
        callback(null, chunk);
      },
    });
    payload.on('error', (error) => limited.destroy(error));
    return payload.pipe(limited);
  };
}
