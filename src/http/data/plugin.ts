// Data in and out of models projects under /v1: files, settings, read-only queries and freshness.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { SourceFreshnessQuerySchema } from '../../domain/freshness.js';
import { modelFreshness, sourceFreshness } from '../../services/freshness-service.js';
import { getProjectSettings, putProjectSettings } from '../../services/project-data-service.js';
import { runQuery } from '../../services/query-service.js';
import type { DataDeps } from '../../services/warehouse-reads.js';
import { described } from '../components.js';
import { problems } from '../problem-schema.js';
import filesPlugin from './files-plugin.js';
import {
  FreshnessStatus,
  ModelFreshnessParams,
  ProjectParams,
  ProjectSettings,
  QueryRequest,
  QueryResult,
  SourceFreshnessParams,
  SourceFreshnessStatus,
} from './schemas.js';

const BUSY =
  'A run holds the project warehouse (DuckDB admits one writer): 409 RL_WAREHOUSE_BUSY with Retry-After, at once. ' +
  'Before the project has a warehouse (no run yet): 404.';

export default async function dataPlugin(app: FastifyInstance, { data: deps }: { data: DataDeps }): Promise<void> {
  await app.register(filesPlugin, { data: deps });
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/projects/:project/settings', {
    schema: {
      tags: ['models'],
      summary: 'A project’s vars and sources',
      operationId: 'getProjectSettings',
      params: ProjectParams,
      response: { 200: described(ProjectSettings, 'The project’s settings (empty when none were put)'), ...problems(400, 401, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => getProjectSettings(req.ctx, req.params.project),
  });
  r.put('/projects/:project/settings', {
    schema: {
      tags: ['models'],
      summary: 'Replace a project’s vars and sources',
      description: 'A source (keyed `source_name.table_name`) names a file of the project files folder (`path`) or a warehouse relation (`relation`), not both.',
      operationId: 'replaceProjectSettings',
      params: ProjectParams,
      body: ProjectSettings,
      response: { 200: described(ProjectSettings, 'The settings as stored'), ...problems(400, 401, 403, 413, 415, 429) },
    },
    config: { access: 'write' },
    handler: async (req) => putProjectSettings(req.ctx, req.params.project, req.body),
  });

  r.post('/query', {
    schema: {
      tags: ['query'],
      operationId: 'executeQuery',
      summary: 'Run read-only SQL against a project warehouse',
      description:
        'One SELECT on the warehouse opened READ_ONLY in the sandbox of a run (files only from the project files folder). ' +
        'Anything else is 400 RL_SQL_INVALID; an error in DuckDB 400 RL_QUERY_FAILED; past RUNLEDGER_QUERY_TIMEOUT_MS the ' +
        'statement is interrupted, 400 RL_QUERY_TIMEOUT. At most RUNLEDGER_QUERY_ROW_LIMIT rows, with truncated: true ' +
        `when there were more (no next_page_token). ${BUSY}`,
      body: QueryRequest,
      response: { 200: described(QueryResult, 'The columns and rows the query returned'), ...problems(400, 401, 403, 404, 409, 413, 415, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => runQuery(req.ctx, deps, req.body),
  });

  r.get('/models/:projectName/:modelName/freshness', {
    schema: {
      tags: ['models'],
      operationId: 'checkModelFreshness',
      summary: 'Check model freshness',
      description:
        'Against the model’s freshness_policy.max_lag_seconds (none: fresh, max_lag_seconds 0). last_run_at is the newest ' +
        `loaded_at of the built relation when it has that column, else the model’s last successful build; never built: stale. ${BUSY}`,
      params: ModelFreshnessParams,
      response: { 200: described(FreshnessStatus, 'Whether the model is fresh, and when it was last built'), ...problems(400, 401, 404, 409, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => modelFreshness(req.ctx, deps, req.params.projectName, req.params.modelName),
  });
  r.get('/sources/:sourceSchema/:sourceTable/freshness', {
    schema: {
      tags: ['models'],
      operationId: 'checkSourceFreshness',
      summary: 'Check source freshness',
      description:
        'The newest value of the timestamp column of the source declared in the project settings (its file or relation), ' +
        `else of the relation sourceSchema.sourceTable in the warehouse; none: stale. ${BUSY}`,
      params: SourceFreshnessParams,
      querystring: SourceFreshnessQuerySchema,
      response: { 200: described(SourceFreshnessStatus, 'Whether the source is fresh, and its newest timestamp'), ...problems(400, 401, 404, 409, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => sourceFreshness(req.ctx, deps, req.params.sourceSchema, req.params.sourceTable, req.query),
  });
}
