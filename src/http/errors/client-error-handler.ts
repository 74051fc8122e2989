import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { API_CSP, securityHeaders } from '../hooks/security-headers.js';
import { JSON_CONTENT_TYPE } from '../schemas/common.js';
import type { ErrorBody } from './error-response.js';

interface ConnectionError extends Error {
  code?: string;
}

/** What Node's HTTP parser refuses before any request exists, in the contract's words. */
function describe(error: ConnectionError, requestTimeoutMs: number): { status: number; body: ErrorBody } {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, body: { error: { code: 'client_timeout', message: `The request (headers and body) did not arrive within ${Math.round(requestTimeoutMs / 1000)} s; send it again.` } } };
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, body: { error: { code: 'headers_too_large', message: 'The request headers are larger than this service accepts (16 KiB in all); send fewer or shorter headers.' } } };
  }
  return { status: 400, body: { error: { code: 'bad_request', message: 'The request is not valid HTTP/1.1 (request line, headers or chunked encoding).' } } };
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refused (headers over 16 KiB, not
 * HTTP, sent too slowly) is answered in the contract's `{error: {code, message}}` shape, with the
 * service's security headers and a request id, instead of Fastify's own body; then the connection closes.
 */
export function createClientErrorHandler(logger: Logger, requestTimeoutMs: number) {
  return (error: ConnectionError, socket: Socket): void => {
    // A reset connection is gone: there is no one to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    // Never write into an answer that has already begun on this connection.
    const inProgress = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    if (socket.writable && !inProgress?.headersSent) {
      const requestId = randomUUID();
      const { status, body } = describe(error, requestTimeoutMs);
      const payload = JSON.stringify(body);
      const headers: Record<string, string> = {
        ...securityHeaders(requestId),
        'content-security-policy': API_CSP,
        'cache-control': 'no-store',
        'content-type': JSON_CONTENT_TYPE,
        'content-length': String(Buffer.byteLength(payload)),
        connection: 'close',
      };
      const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${head}\r\n${payload}`);
      logger.info({ reqId: requestId, status, code: body.error.code, reason: error.code }, 'request refused by the HTTP parser');
    }
    socket.destroy(error);
  };
}
