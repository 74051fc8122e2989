import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceMetrics } from '../metrics/service-metrics.js';

/**
 * onResponse hook: one log line per request (request id, route, status, time; never a body, a query
 * or a key) and the request metrics by route template, so ids in paths do not explode cardinality.
 */
export function observeResponses(metrics: ServiceMetrics) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    const ms = reply.elapsedTime;
    // One labels object for both series (prom-client keeps it for a new series and never changes it).
    const labels = { method: request.method, route, status };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, ms / 1000);
    request.log.info({
      method: request.method, route, status: reply.statusCode, ms: Math.round(ms * 10) / 10,
      ...(request.principal ? { orgId: request.principal.orgId, keyId: request.principal.keyId } : {}),
    }, 'request');
  };
}
