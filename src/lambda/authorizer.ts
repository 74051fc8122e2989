import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import type { Logger } from 'pino';
import { createLogger } from '../app/bootstrap.js';
import { authenticate } from '../http/auth/authenticate.js';
import { UnauthorizedError } from '../http/errors/http-errors.js';
import type { Store } from '../ports/store.js';
import { openStoreFromEnv } from '../store/open-store.js';

/** What API Gateway passes on to the HTTP function in `requestContext.authorizer.lambda`. */
export interface AuthorizerContext {
  keyId: string;
  orgId: string;
  userId: string;
  role: string;
}

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext | Record<string, never>>;

export interface AuthorizerOptions {
  /** Opens the store once per container; default: the store named by the environment. */
  openStore?: (env: NodeJS.ProcessEnv) => Promise<Store>;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

/**
 * The API Gateway (HTTP API) Lambda authorizer: admits a request only when its
 * `Authorization: Bearer <api key>` names a stored, unrevoked key — the same check the app makes,
 * done at the gateway so unauthenticated calls never reach the service. Store failures throw, which
 * API Gateway answers with 500: it fails closed.
 */
export function createAuthorizerHandler(options: AuthorizerOptions = {}): (event: APIGatewayRequestAuthorizerEventV2) => Promise<AuthorizerResult> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger(env, 'info');
  const openStore = options.openStore ?? ((e: NodeJS.ProcessEnv) => openStoreFromEnv(e, '/tmp'));
  let store: Promise<Store> | null = null;
  return async (event) => {
    if (store === null) {
      const opening = openStore(env);
      // The caller sees the rejection; this only forgets the failed open.
      opening.catch(() => {
        if (store === opening) store = null;
      });
      store = opening;
    }
    const opened = store;
    const header = event.headers?.authorization ?? event.headers?.Authorization;
    try {
      const principal = await authenticate(await opened, header);
      return { isAuthorized: true, context: { ...principal } };
    } catch (error) {
      if (error instanceof UnauthorizedError) return { isAuthorized: false, context: {} };
      logger.error({ err: error, routeKey: event.routeKey }, 'API key check failed; the request is refused');
      throw error;
    }
  };
}

export const handler = createAuthorizerHandler();
