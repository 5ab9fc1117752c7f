// The Gentrace surface: POST /api/v1/run as @gentrace/core 2.8 and 3.x send it, Gentrace's original
// POST /api/v1/pipeline-run, GET /api/v1/pipelines, GET /api/v2/runs/{id} and the v4 pipelines. The SDK is pointed at it with
// init({ apiKey, basePath: "http://HOST:PORT/api" }) and sends the API key as a bearer token.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { readPipelineRunRequest, readRunRequest } from '../../domain/gentrace.js';
import { getRunV2, ingestPipelineRun, listPipelinesPage } from '../../services/gentrace-service.js';
import { described } from '../components.js';
import { problems } from '../problem-schema.js';
import {
  GentracePipelineList,
  GentracePipelineRunRequest,
  GentracePipelineRunResponse,
  GentraceRunRequest,
  GentraceRunV2,
  PipelineListQuery,
  RunV2Params,
} from './schemas.js';
import { registerV4Pipelines } from './v4-pipelines.js';

const INGEST_RULES =
  'Times are ISO 8601 with an offset and endTime ≥ startTime; elapsedTime is an integer ≥ 0; inputs and modelParams ' +
  'are objects; outputs is any JSON value. Fields runledger does not know are kept as sent (GET /api/v2/runs/{id} ' +
  'returns them), never refused. The run, its steps, its evaluations (as test results of the run) and its provenance ' +
  'are stored in one transaction. Resubmitting an id with the same body (compared as canonical JSON, unknown fields ' +
  'included) answers the same pipelineRunId and stores nothing; with a different body, 409. The run is FAILED when ' +
  'it or a step run carries error, else SUCCESS.';

export default async function gentracePlugin(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['gentrace'];
  const ingestProblems = problems(400, 401, 403, 409, 413, 415, 429);

  r.post('/api/v1/run', {
    schema: {
      tags,
      summary: 'Ingest a pipeline run (@gentrace/core 2.8 and 3.x shape)',
      description: `The pipeline named by slug (or name) is created on first use. ${INGEST_RULES}`,
      operationId: 'ingestGentraceRun',
      body: GentraceRunRequest,
      response: { 200: described(GentracePipelineRunResponse, 'The run is stored (or was, with this body): its id'), ...ingestProblems },
    },
    config: { access: 'write' },
    handler: async (req) => ingestPipelineRun(req.ctx, readRunRequest(req.body), req.principal),
  });

  r.post('/api/v1/pipeline-run', {
    schema: {
      tags,
      summary: "Ingest a pipeline run (Gentrace's original PipelineRunRequest)",
      description:
        'Step runs nest their provider {name, invocation, modelParams, inputs, outputs}; the Python SDK\'s snake_case ' +
        `keys (step_runs, model_params, elapsed_time, start_time, end_time) are accepted too. id is minted when absent. ${INGEST_RULES}`,
      operationId: 'ingestGentracePipelineRun',
      body: GentracePipelineRunRequest,
      response: { 200: described(GentracePipelineRunResponse, 'The run is stored (or was, with this body): its id'), ...ingestProblems },
    },
    config: { access: 'write' },
    handler: async (req) => ingestPipelineRun(req.ctx, readPipelineRunRequest(req.body), req.principal),
  });

  r.get('/api/v1/pipelines', {
    schema: {
      tags,
      summary: 'List pipelines, by slug',
      operationId: 'listGentracePipelines',
      querystring: PipelineListQuery,
      response: { 200: described(GentracePipelineList, 'A page of pipelines, by slug'), ...problems(400, 401, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => {
      const { slug, label, max_results, page_token } = req.query;
      const filter = { ...(slug !== undefined ? { slug } : {}), ...(label !== undefined ? { label } : {}) };
      return listPipelinesPage(req.ctx, filter, max_results ?? 100, page_token);
    },
  });

  r.get('/api/v2/runs/:id', {
    schema: {
      tags,
      summary: "Get an ingested run in Gentrace's v2 read shape",
      description: 'startTime and endTime are seconds since the Unix epoch, as the @gentrace/core RunV2 model has them.',
      operationId: 'getGentraceRun',
      params: RunV2Params,
      response: { 200: described(GentraceRunV2, 'The run with its step runs'), ...problems(401, 404, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => getRunV2(req.ctx, req.params.id),
  });

  registerV4Pipelines(app, tags);
}
