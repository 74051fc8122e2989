import { z } from 'zod';
import { operationForAnalysis } from '../../domain/operations.js';
import { StepTimings } from '../../governance/step-timings.js';
import { assertAsyncJobs, identityOf, type HttpContext } from '../http-context.js';
import { analysisPageSchema, analysisResultSchema, analyzeBodySchema } from '../schemas/analysis.js';
import { bodyErrorResponses, errorBodySchema, idParamsSchema, pageQuerySchema, parameterErrorResponses, projectParamsSchema, submitQuerySchema, submittedSchema, v1ErrorResponses } from '../schemas/common.js';
import { setServerTiming } from '../server-timing.js';
import type { ZodServer } from '../zod-server.js';
import { readPage } from './list-page.js';
import { streamEvents } from './stream-events.js';

const tags = ['analyses'];
const security = [{ bearerAuth: [] }];

/** POST /v1/analyses, GET /v1/analyses/{id}, its events, and the per-project list. */
export function registerAnalysisRoutes(server: ZodServer, ctx: HttpContext): void {
  server.post('/v1/analyses', {
    schema: {
      tags, security,
      summary: 'Run an analysis (201), or queue it as a durable job (202 with ?async=true)',
      description: 'Requirements analysis, architecture review or optimisation, governed: sanitized, cached per organisation, quota- and budget-checked, validated. A 201 carries `Server-Timing`: the milliseconds of the cache lookup (`cache`), admission (`admit`), Claude (`model`), the final write (`store`) and the whole request (`total`).',
      body: analyzeBodySchema,
      querystring: submitQuerySchema,
      response: { 201: analysisResultSchema.describe('The analysis, finished (`completed`, or `failed` with `errorMessage`).'), 202: submittedSchema.describe('Queued as a durable job; follow `Location` or `/events`.'), ...v1ErrorResponses, ...bodyErrorResponses, 429: errorBodySchema.describe('The API key\'s request rate, or a quota or budget, is reached (`limit` names it); see `Retry-After`.'), 503: errorBodySchema.describe('The model or the store is unavailable.'), 504: errorBodySchema.describe('Not finished within the request deadline.'), 501: errorBodySchema.describe('`?async=true` on a deployment without a job queue (AWS Lambda without SKAFU_AI_JOB_QUEUE_URL).') },
    },
  }, async (request, reply) => {
    const identity = identityOf(request);
    const noCache = request.query.noCache ?? false;
    if (request.query.async) {
      assertAsyncJobs(ctx);
      const submitted = await ctx.app.submitAnalysis(identity, request.body, { noCache });
      ctx.jobs.notify();
      return reply.code(202).header('location', `/v1/analyses/${submitted.id}`).send(submitted);
    }
    const timings = new StepTimings();
    const result = await ctx.syncCalls.run(ctx.handlerTimeoutMs, (signal) => ctx.app.analyze(identity, request.body, { noCache, signal, timings }));
    setServerTiming(reply, timings);
    ctx.metrics.recordResult(operationForAnalysis(request.body.analysisType), result);
    return reply.code(201).header('location', `/v1/analyses/${result.id}`).send(result);
  });

  server.get('/v1/analyses/:id', {
    schema: {
      tags, security, summary: 'One analysis of your organisation',
      params: idParamsSchema,
      response: { 200: analysisResultSchema.describe('The analysis.'), ...v1ErrorResponses, ...parameterErrorResponses, 404: errorBodySchema.describe('No such analysis in your organisation.') },
    },
  }, async (request) => ctx.app.getAnalysis(identityOf(request), request.params.id));

  server.get('/v1/analyses/:id/events', {
    schema: {
      tags, security,
      summary: 'Server-sent events of one analysis',
      description: '`status` at once, then `status` and `tokens` (output tokens so far) events as they happen, and `done` with the result when it is terminal; then the stream closes. A `waiting` event `{limit, resetsAt}` says the run waits for room under that limit (held by running requests, or a per-minute limit until `resetsAt`). A stream that must end first (the server shuts down) ends with an `error` event `{error: {code, message}}` and a `retry:` hint: reconnect.',
      params: idParamsSchema,
      response: { 200: { description: 'A `text/event-stream` of `status`, `tokens`, `waiting` and finally `done` events; each `data:` line is JSON.', content: { 'text/event-stream': { schema: z.string() } } }, ...v1ErrorResponses, ...parameterErrorResponses, 404: errorBodySchema.describe('No such analysis in your organisation.'), 501: errorBodySchema.describe('Event streams are not available on this deployment (AWS Lambda): poll the analysis instead.') },
    },
  }, async (request, reply) => streamEvents(ctx, request, reply, 'analysis', request.params.id));

  server.get('/v1/projects/:projectId/analyses', {
    schema: {
      tags, security, summary: 'Analyses of one project, newest first',
      params: projectParamsSchema,
      querystring: pageQuerySchema,
      response: { 200: analysisPageSchema.describe('One page, newest first; pass `nextCursor` as `cursor` for the next.'), ...v1ErrorResponses, ...parameterErrorResponses },
    },
  }, async (request) => readPage(() => ctx.app.listAnalyses(identityOf(request), request.params.projectId, { limit: request.query.limit, cursor: request.query.cursor ?? null })));
}
