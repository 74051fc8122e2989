/** The HTTP service's only door. */
export { createHttpServer, type HttpServerDeps, type HttpServerOptions } from './create-http-server.js';
export { startHttpService, type HttpService, type HttpServiceOptions } from './start-http-service.js';
export { generateApiKey, hashApiKey, type NewApiKey } from './auth/api-keys.js';
export type { Principal } from './auth/principal.js';
