// Types this app adds to Fastify's request and route config.
import type { Access } from '../domain/roles.js';
import type { Principal, ServiceContext } from '../services/context.js';
import type { SchemaCompilation } from './plugins/lazy-schemas.js';


declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** When route schemas compile: on a route's first use, or all before listening. */
    schemaCompilation: SchemaCompilation;
  }
  interface FastifyRequest {
    ctx: ServiceContext;
    principal: Principal | null;
  }
}
