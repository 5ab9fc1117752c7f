// The Provena services runledger serves, and the route plugins of each.
import { bulkRoutes } from './bulk/plugin.js';
import jobRoutes from './jobs/routes.js';
import modelRunRoutes from './prov/model-run-routes.js';
import type { ProvenaService } from './surface.js';

export const PROVENA_SERVICES: ProvenaService[] = [
  { path: '/prov', tag: 'provena prov-api', rolePrefix: 'entity-registry', routes: [modelRunRoutes, bulkRoutes] },
  { path: '/jobs', tag: 'provena job-api', rolePrefix: 'job-service', routes: [jobRoutes] },
  { path: '/registry', tag: 'provena registry-api', rolePrefix: 'entity-registry', routes: [] },
  { path: '/datastore', tag: 'provena data store', rolePrefix: 'entity-registry', routes: [] },
];
