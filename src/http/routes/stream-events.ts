import type { FastifyReply, FastifyRequest } from 'fastify';
import { identityOf, type HttpContext } from '../http-context.js';
import { NotAvailableHereError } from '../errors/http-errors.js';
import { securityHeaders } from '../hooks/security-headers.js';
import type { StreamKind } from '../sse/progress-streams.js';

/** Hands the request to the event streams; a 404 is answered normally, the stream only once found. */
export async function streamEvents(ctx: HttpContext, request: FastifyRequest, reply: FastifyReply, kind: StreamKind, id: string): Promise<void> {
  if (!ctx.eventStreams) throw new NotAvailableHereError('event_streams_unavailable', 'Event streams are not available on this deployment.');
  if (request.method === 'HEAD') {
    // The headers a GET would get, at once: a HEAD has no body, so there is no stream to hold open.
    const identity = identityOf(request);
    await (kind === 'analysis' ? ctx.app.getAnalysis(identity, id) : ctx.app.getGeneration(identity, id));
    await reply.code(200).type('text/event-stream; charset=utf-8').header('cache-control', 'no-store').send();
    return;
  }
  await ctx.streams.open({
    kind, id, identity: identityOf(request),
    begin: () => {
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        ...securityHeaders(request.id),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      return raw;
    },
  });
}
