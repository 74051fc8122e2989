import { sanitizeText } from '../../sanitize/index.js';
import type { HttpContext } from '../http-context.js';
import { bodyErrorResponses, v1ErrorResponses } from '../schemas/common.js';
import { sanitizeBodySchema, sanitizeResultSchema, validateBodySchema } from '../schemas/tools.js';
import { validationReportSchema } from '../schemas/validation.js';
import type { ZodServer } from '../zod-server.js';

const tags = ['tools'];
const security = [{ bearerAuth: [] }];

/** POST /v1/sanitize and POST /v1/validate: the offline tools, no model involved. */
export function registerToolRoutes(server: ZodServer, ctx: HttpContext): void {
  server.post('/v1/sanitize', {
    schema: {
      tags, security,
      summary: 'Replace secrets and personal data in a text by typed placeholders',
      description: 'Findings give offsets into the original text and the type; the matched values never appear in the answer or the logs.',
      body: sanitizeBodySchema,
      response: { 200: sanitizeResultSchema.describe('The sanitized text and what was replaced.'), ...v1ErrorResponses, ...bodyErrorResponses },
    },
  }, async (request) => sanitizeText(request.body.text));

  server.post('/v1/validate', {
    schema: {
      tags, security,
      summary: 'Validate source files: syntax, CWE-tagged security rules, quality metrics',
      body: validateBodySchema,
      response: { 200: validationReportSchema.describe('Per-file results and findings; `valid` is false when any finding is an error.'), ...v1ErrorResponses, ...bodyErrorResponses },
    },
  }, async (request) => ctx.app.validate(request.body.files));
}
