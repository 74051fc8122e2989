import type { FastifyRequest } from 'fastify';
import { principalOf, type HttpContext } from '../http-context.js';
import { ForbiddenError } from '../errors/http-errors.js';
import { errorBodySchema, parameterErrorResponses, v1ErrorResponses } from '../schemas/common.js';
import { limitsQuerySchema, limitsReportSchema, usageMetricsSchema, usageQuerySchema } from '../schemas/usage.js';
import type { ZodServer } from '../zod-server.js';

const tags = ['usage'];
const security = [{ bearerAuth: [] }];

/** Admin keys see their organisation by default; member keys only ever their own user. */
function orgWideFor(request: FastifyRequest, asked: boolean | undefined): boolean {
  const principal = principalOf(request);
  if (principal.role === 'admin') return asked ?? true;
  if (asked === true) throw new ForbiddenError('Organisation-wide usage and limits need an admin API key; member keys see their own (omit orgWide).');
  return false;
}

/** GET /v1/usage and GET /v1/limits. */
export function registerUsageRoutes(server: ZodServer, ctx: HttpContext): void {
  server.get('/v1/usage', {
    schema: {
      tags, security,
      summary: 'Usage metrics: tokens, cost, requests, latency, by operation, model and day',
      description: 'Admin keys get their organisation\'s usage unless `orgWide=false`; member keys get their own user\'s (asking for `orgWide=true` is 403).',
      querystring: usageQuerySchema,
      response: { 200: usageMetricsSchema.describe('Usage metrics of the key\'s user or organisation.'), ...v1ErrorResponses, ...parameterErrorResponses, 403: errorBodySchema.describe('Organisation-wide figures need an admin key.') },
    },
  }, async (request) => {
    const { orgId, userId } = principalOf(request);
    return ctx.app.usage({ orgId, userId }, { days: request.query.days, orgWide: orgWideFor(request, request.query.orgWide) });
  });

  server.get('/v1/limits', {
    schema: {
      tags, security,
      summary: 'Current use against every applicable limit, with reset times',
      description: 'Admin keys get their organisation\'s limits (`perOrganization.*`) unless `orgWide=false`; with it, and always for member keys, the key\'s user limits (`perUser.*`) and the organisation limits that also apply to that user (asking a member key for `orgWide=true` is 403).',
      querystring: limitsQuerySchema,
      response: { 200: limitsReportSchema.describe('Every applicable limit with its use and reset time.'), ...v1ErrorResponses, ...parameterErrorResponses, 403: errorBodySchema.describe('Organisation-wide figures need an admin key.') },
    },
  }, async (request) => {
    const { orgId, userId } = principalOf(request);
    return ctx.app.limits({ orgId, userId }, { orgWide: orgWideFor(request, request.query.orgWide) });
  });
}
