import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceMetrics } from '../metrics/service-metrics.js';

/** The status recorded for a request whose client went away before any answer was sent (nginx's convention). */
export const CLIENT_CLOSED_REQUEST = 499;

export interface RequestObserver {
  /** onRequest hook: watches for a client that leaves before its answer is complete. */
  onRequest: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** onResponse hook (also called by hand for answers the router gives before any route). */
  onResponse: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

/**
 * One log line per request (request id, route, status, time; never a body, a query or a key) and the
 * request metrics by route template, so ids in paths do not explode cardinality. A request whose
 * client disconnects before its answer is complete (a slow call given up, an event stream closed by
 * the client) is counted too: with 499 when nothing was answered, else with the status it was
 * answered with (200 for an event stream), and logged with `aborted: true`.
 */
export function createRequestObserver(metrics: ServiceMetrics): RequestObserver {
  const observed = new WeakSet<FastifyRequest>();

  const record = (request: FastifyRequest, status: number, ms: number, aborted: boolean): void => {
    if (observed.has(request)) return;
    observed.add(request);
    const route = request.routeOptions.url ?? 'unmatched';
    // One labels object for both series (prom-client keeps it for a new series and never changes it).
    const labels = { method: request.method, route, status: String(status) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, ms / 1000);
    request.log.info({
      method: request.method, route, status, ms: Math.round(ms * 10) / 10,
      ...(aborted ? { aborted: true } : {}),
      ...(request.principal ? { orgId: request.principal.orgId, keyId: request.principal.keyId } : {}),
    }, 'request');
  };

  return {
    onRequest: async (request, reply) => {
      const raw = reply.raw;
      raw.once('close', () => {
        // A complete answer is recorded by onResponse; this is only for one cut short.
        if (raw.writableFinished) return;
        record(request, raw.headersSent ? raw.statusCode : CLIENT_CLOSED_REQUEST, reply.elapsedTime, true);
      });
    },
    onResponse: async (request, reply) => {
      record(request, reply.statusCode, reply.elapsedTime, false);
    },
  };
}
