import type { Identity } from '../../domain/identity.js';
import type { Role } from '../../ports/store.js';

/** Who an authenticated request acts for: the API key's organisation, user and role. */
export interface Principal extends Identity {
  keyId: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the /v1 authentication hook; null on public routes. */
    principal: Principal | null;
  }
}
