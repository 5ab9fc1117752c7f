// The Provena services runledger serves, and the route plugins of each.
import { bulkRoutes } from './bulk/plugin.js';
import type { ProvenaService } from './surface.js';

export const PROVENA_SERVICES: ProvenaService[] = [
  { path: '/prov', tag: 'provena prov-api', rolePrefix: 'entity-registry', routes: [bulkRoutes] },
  { path: '/jobs', tag: 'provena job-api', rolePrefix: 'job-service', routes: [] },
  { path: '/registry', tag: 'provena registry-api', rolePrefix: 'entity-registry', routes: [] },
  { path: '/datastore', tag: 'provena data store', rolePrefix: 'entity-registry', routes: [] },
];
