import type { FastifyReply } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { PAGE_CSP } from '../hooks/security-headers.js';
import { renderApiReference } from '../pages/api-reference-page.js';
import { renderDashboard } from '../pages/dashboard-page.js';
import { DASHBOARD_JS } from '../pages/dashboard-script.js';
import { SITE_CSS } from '../pages/site-css.js';
import type { ZodServer } from '../zod-server.js';

const hide = { hide: true };

/** The human pages: the dashboard (`/`, `/dashboard`), the API reference (`/docs`) and their assets. */
export function registerPageRoutes(server: ZodServer): void {
  let reference: string | null = null;
  const dashboard = renderDashboard();

  const html = (body: string) => async (_request: unknown, reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).header('cache-control', 'no-cache').send(body);

  server.get('/', { schema: hide }, html(dashboard));
  server.get('/dashboard', { schema: hide }, html(dashboard));
  server.get('/docs', { schema: hide }, async (request, reply) => {
    reference ??= renderApiReference(server.swagger() as OpenAPIV3_1.Document);
    return html(reference)(request, reply);
  });
  server.get('/assets/site.css', { schema: hide }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(SITE_CSS));
  server.get('/assets/dashboard.js', { schema: hide }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(DASHBOARD_JS));
}
