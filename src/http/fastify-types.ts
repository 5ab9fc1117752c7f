// Types this app adds to Fastify's request and route config.
import type { Principal, ServiceContext } from '../services/context.js';

/** Who may call a route: anyone, or a credential with at least this role. */
export type Access = 'public' | 'read' | 'write' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    ctx: ServiceContext;
    principal: Principal | null;
  }
}
