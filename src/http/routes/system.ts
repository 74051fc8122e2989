import { z } from 'zod';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { HttpContext } from '../http-context.js';
import { errorBodySchema, JSON_CONTENT_TYPE } from '../schemas/common.js';
import type { ZodServer } from '../zod-server.js';
import { StoreUnavailableError } from '../../domain/errors.js';

const tags = ['service'];

/** GET /healthz, GET /metrics, GET /openapi.json: public, no API key. */
export function registerSystemRoutes(server: ZodServer, ctx: HttpContext): void {
  server.get('/healthz', {
    schema: {
      tags, summary: 'Health: the store answers',
      response: { 200: z.object({ status: z.literal('ok'), queuedJobs: z.number(), jobsInFlight: z.number() }), 503: errorBodySchema },
    },
  }, async () => {
    let queuedJobs: number;
    try {
      queuedJobs = await ctx.store.jobs.countQueued();
    } catch (error) {
      throw new StoreUnavailableError(`The store does not answer: ${error instanceof Error ? error.name : 'error'}.`);
    }
    return { status: 'ok' as const, queuedJobs, jobsInFlight: ctx.jobs.inFlight() };
  });

  server.get('/metrics', {
    schema: { tags, summary: 'Prometheus metrics (text exposition format 0.0.4)', response: { 200: { description: 'Counters, histograms and gauges of this process.', content: { 'text/plain': { schema: z.string() } } } } },
  }, async (_request, reply) => {
    const { registry } = ctx.metrics;
    const text = await registry.metrics();
    return reply.type(registry.contentType).serializer((payload) => String(payload)).send(text);
  });

  server.get('/openapi.json', {
    schema: { tags, summary: 'This OpenAPI 3.1 document', response: { 200: z.record(z.string(), z.unknown()) } },
  }, async (_request, reply) => reply.type(JSON_CONTENT_TYPE).serializer((payload) => JSON.stringify(payload)).send(server.swagger() as OpenAPIV3_1.Document));
}
