// The Provena services runledger serves, and the route plugins of each.
import { bulkRoutes } from './bulk/plugin.js';
import provenaDatastorePlugin from './datastore/plugin.js';
import provenaExplorePlugin from './explore/plugin.js';
import jobRoutes from './jobs/routes.js';
import modelRunRoutes from './prov/model-run-routes.js';
import provenaRegistryGeneralPlugin from './registry/general.js';
import provenaRegistryPlugin from './registry/plugin.js';
import type { ProvenaService } from './surface.js';

export const PROVENA_SERVICES: ProvenaService[] = [
  { path: '/prov', tag: 'provena prov-api', operationName: 'ProvenaProv', rolePrefix: 'entity-registry', routes: [modelRunRoutes, provenaExplorePlugin, bulkRoutes] },
  { path: '/jobs', tag: 'provena job-api', operationName: 'ProvenaJobs', rolePrefix: 'job-service', routes: [jobRoutes] },
  { path: '/registry', tag: 'provena registry-api', operationName: 'ProvenaRegistry', rolePrefix: 'entity-registry', routes: [provenaRegistryPlugin, provenaRegistryGeneralPlugin] },
  { path: '/datastore', tag: 'provena data store', operationName: 'ProvenaDatastore', rolePrefix: 'entity-registry', routes: [provenaDatastorePlugin] },
];
