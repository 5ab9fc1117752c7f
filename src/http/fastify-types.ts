// Types this app adds to Fastify's request and route config.
import type { Access } from '../domain/roles.js';
import type { Principal, ServiceContext } from '../services/context.js';


declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    ctx: ServiceContext;
    principal: Principal | null;
  }
}
