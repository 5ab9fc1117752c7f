// The Models API in one place: under /v1, as the DuckDB Data Platform's OpenAPI names its paths, and at the
// unprefixed paths runledger served first, through the same handlers.
import type { FastifyInstance, FastifyPluginAsync, RouteOptions } from 'fastify';
import type { RunCommandDeps } from '../../runs/run-commands.js';
import runsPlugin from '../runs/plugin.js';
import macrosPlugin from './macros-plugin.js';
import modelsPlugin from './plugin.js';

const MODELS_API_PREFIX = '/v1';

type ModelsApiPlugin = FastifyPluginAsync<RunCommandDeps>;

/** Served at both bases. Their routes carry the platform's operationIds. */
const SHARED: ModelsApiPlugin[] = [runsPlugin, modelsPlugin];

/** Served under /v1 alone: parts of the platform's API runledger never had unprefixed. */
const V1_ONLY: ModelsApiPlugin[] = [macrosPlugin];

/** Keeps a route out of the OpenAPI document. */
function hide(route: RouteOptions): void {
  route.schema = { ...route.schema, hide: true };
}

export async function registerModelsApi(app: FastifyInstance, deps: RunCommandDeps): Promise<void> {
  // The unprefixed aliases stay out of the OpenAPI document: it describes each operation once, under /v1, so an
  // operationId names one operation and a client generated from the document calls the platform's paths.
  await app.register(async (aliases) => {
    aliases.addHook('onRoute', hide);
    for (const plugin of SHARED) await aliases.register(plugin, deps);
  });
  await app.register(
    async (v1) => {
      for (const plugin of [...SHARED, ...V1_ONLY]) await v1.register(plugin, deps);
    },
    { prefix: MODELS_API_PREFIX },
  );
}
