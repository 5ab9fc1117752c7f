// Provena's current services, each under its own prefix so one runledger can be every endpoint of a
// provenaclient config: prov-api, job-api, registry-api and the data store's registration routes.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { checkAccessRoutes } from './check-access.js';
import { PROVENA_BASE } from './fastapi/errors.js';
import { fastapiScope } from './fastapi/scope.js';

export interface ProvenaService {
  /** Path below PROVENA_BASE, e.g. `/prov`. */
  path: string;
  tag: string;
  /** The service in operationIds, e.g. `ProvenaProv` in checkProvenaProvReadAccess. */
  operationName: string;
  /** Prefix of the service's role names in Provena's realm. */
  rolePrefix: string;
  routes: FastifyPluginAsync[];
}

export function provenaSurface(services: ProvenaService[]) {
  return async function provenaSurfacePlugin(app: FastifyInstance): Promise<void> {
    for (const service of services) {
      await app.register(
        async (scope) => {
          fastapiScope(scope, service);
          checkAccessRoutes(scope, service);
          for (const routes of service.routes) await scope.register(routes);
        },
        { prefix: `${PROVENA_BASE}${service.path}` },
      );
    }
  };
}
