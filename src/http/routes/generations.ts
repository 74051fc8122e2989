import { z } from 'zod';
import { StepTimings } from '../../governance/step-timings.js';
import { assertAsyncJobs, identityOf, type HttpContext } from '../http-context.js';
import { generationPageSchema, generationResultSchema, generateBodySchema } from '../schemas/generation.js';
import { bodyErrorResponses, errorBodySchema, idParamsSchema, pageQuerySchema, parameterErrorResponses, projectParamsSchema, submitQuerySchema, submittedSchema, v1ErrorResponses } from '../schemas/common.js';
import { setServerTiming } from '../server-timing.js';
import type { ZodServer } from '../zod-server.js';
import { readPage } from './list-page.js';
import { streamEvents } from './stream-events.js';

const tags = ['generations'];
const security = [{ bearerAuth: [] }];

/** POST /v1/generations, GET /v1/generations/{id}, its events, and the per-project list. */
export function registerGenerationRoutes(server: ZodServer, ctx: HttpContext): void {
  server.post('/v1/generations', {
    schema: {
      tags, security,
      summary: 'Generate code (201), or queue it as a durable job (202 with ?async=true)',
      description: 'Service, API, database, config, tests, documentation or deployment code, governed: sanitized, cached per organisation, quota- and budget-checked; every file run through the validator. A 201 carries `Server-Timing`: the milliseconds of the cache lookup (`cache`), admission (`admit`), Claude (`model`), the final write (`store`) and the whole request (`total`).',
      body: generateBodySchema,
      querystring: submitQuerySchema,
      response: { 201: generationResultSchema.describe('The generation, finished: files with their validation results and findings.'), 202: submittedSchema.describe('Queued as a durable job; follow `Location` or `/events`.'), ...v1ErrorResponses, ...bodyErrorResponses, 429: errorBodySchema.describe('The API key\'s request rate, or a quota or budget, is reached (`limit` names it); see `Retry-After`.'), 503: errorBodySchema.describe('The model or the store is unavailable.'), 504: errorBodySchema.describe('Not finished within the request deadline.'), 501: errorBodySchema.describe('`?async=true` on a deployment without a job queue (AWS Lambda without SKAFU_AI_JOB_QUEUE_URL).') },
    },
  }, async (request, reply) => {
    const identity = identityOf(request);
    const noCache = request.query.noCache ?? false;
    if (request.query.async) {
      assertAsyncJobs(ctx);
      const submitted = await ctx.app.submitGeneration(identity, request.body, { noCache });
      ctx.jobs.notify();
      return reply.code(202).header('location', `/v1/generations/${submitted.id}`).send(submitted);
    }
    const timings = new StepTimings();
    const result = await ctx.syncCalls.run(ctx.handlerTimeoutMs, (signal) => ctx.app.generate(identity, request.body, { noCache, signal, timings }));
    setServerTiming(reply, timings);
    ctx.metrics.recordResult('code_generation', result);
    return reply.code(201).header('location', `/v1/generations/${result.id}`).send(result);
  });

  server.get('/v1/generations/:id', {
    schema: {
      tags, security, summary: 'One generation of your organisation',
      params: idParamsSchema,
      response: { 200: generationResultSchema.describe('The generation.'), ...v1ErrorResponses, ...parameterErrorResponses, 404: errorBodySchema.describe('No such generation in your organisation.') },
    },
  }, async (request) => ctx.app.getGeneration(identityOf(request), request.params.id));

  server.get('/v1/generations/:id/events', {
    schema: {
      tags, security,
      summary: 'Server-sent events of one generation',
      description: '`status` at once, then `status`, `tokens`, `validation` and `repair` events as they happen, and `done` with the result when it is terminal; then the stream closes. A `waiting` event `{limit, resetsAt}` says the run waits for room under that limit (held by running requests, or a per-minute limit until `resetsAt`). A stream that must end first (the server shuts down) ends with an `error` event `{error: {code, message}}` and a `retry:` hint: reconnect.',
      params: idParamsSchema,
      response: { 200: { description: 'A `text/event-stream` of `status`, `tokens`, `waiting`, `validation`, `repair` and finally `done` events; each `data:` line is JSON.', content: { 'text/event-stream': { schema: z.string() } } }, ...v1ErrorResponses, ...parameterErrorResponses, 404: errorBodySchema.describe('No such generation in your organisation.'), 501: errorBodySchema.describe('Event streams are not available on this deployment (AWS Lambda): poll the generation instead.') },
    },
  }, async (request, reply) => streamEvents(ctx, request, reply, 'generation', request.params.id));

  server.get('/v1/projects/:projectId/generations', {
    schema: {
      tags, security, summary: 'Generations of one project, newest first',
      params: projectParamsSchema,
      querystring: pageQuerySchema,
      response: { 200: generationPageSchema.describe('One page, newest first; pass `nextCursor` as `cursor` for the next.'), ...v1ErrorResponses, ...parameterErrorResponses },
    },
  }, async (request) => readPage(() => ctx.app.listGenerations(identityOf(request), request.params.projectId, { limit: request.query.limit, cursor: request.query.cursor ?? null })));
}
