import type { FastifyReply, FastifyRequest } from 'fastify';

/** For JSON answers: nothing may be loaded or framed. HTML pages set their own policy. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The headers every answer carries (also written by hand on hijacked event streams). */
export function securityHeaders(requestId: string): Record<string, string> {
  return {
    'x-request-id': requestId,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/** Standard security headers; no caching unless a route allowed it. */
export function applySecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.headers(securityHeaders(request.id));
  if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', API_CSP);
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
}

/** onSend hook: {@link applySecurityHeaders} on every answer. */
export async function addSecurityHeaders(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  applySecurityHeaders(request, reply);
  return payload;
}
