import type { Middleware } from '@anthropic-ai/sdk';

/**
 * The SDK sends the API key as `Authorization: Bearer`; the Messages API documents `x-api-key`, and
 * some servers of the API (gateways, proxies) accept only that. Every attempt carries the key both ways.
 */
export const apiKeyBothWays: Middleware = (request, next) => {
  const authorization = request.headers.get('authorization');
  if (authorization?.startsWith('Bearer ') && !request.headers.has('x-api-key')) request.headers.set('x-api-key', authorization.slice('Bearer '.length));
  return next(request);
};
