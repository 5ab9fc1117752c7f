// GET /api/v4/pipelines/{id}, GET /api/v4/pipelines and POST /api/v4/pipelines: what the OpenTelemetry-based
// SDKs (gentrace-py 1.x, npm `gentrace` 0.x) call. At start each retrieves its pipeline by id and tells a 404
// (unknown pipeline) from a 401/403 (bad key) by status alone, so errors stay problem+json like every route.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createPipeline, getPipeline, listPipelineRecords } from '../../services/gentrace-pipelines.js';
import { described } from '../components.js';
import { problems } from '../problem-schema.js';
import { GentraceCreatePipelineV4, GentracePipelineV4, GentracePipelineV4List, PipelineV4ListQuery, PipelineV4Params, toPipelineV4 } from './v4-schemas.js';

export function registerV4Pipelines(app: FastifyInstance, tags: string[]): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/api/v4/pipelines/:id', {
    schema: {
      tags,
      summary: "Get a pipeline in Gentrace's v4 shape",
      operationId: 'getGentracePipelineV4',
      params: PipelineV4Params,
      response: { 200: described(GentracePipelineV4, 'The pipeline'), ...problems(401, 404, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => toPipelineV4(await getPipeline(req.ctx, req.params.id)),
  });

  r.get('/api/v4/pipelines', {
    schema: {
      tags,
      summary: "List pipelines in Gentrace's v4 shape, by slug",
      operationId: 'listGentracePipelinesV4',
      querystring: PipelineV4ListQuery,
      response: { 200: described(GentracePipelineV4List, 'A page of pipelines'), ...problems(400, 401, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => {
      const { slug, folderId, max_results, page_token } = req.query;
      const filter = { ...(slug !== undefined ? { slug } : {}), ...(folderId !== undefined ? { folderId } : {}) };
      const page = await listPipelineRecords(req.ctx, filter, max_results ?? 100, page_token);
      return { data: page.data.map(toPipelineV4), ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}) };
    },
  });

  r.post('/api/v4/pipelines', {
    schema: {
      tags,
      summary: 'Create a pipeline (Gentrace v4)',
      description: 'Answers 200 with the pipeline, as Gentrace does; a slug already in use is a 409.',
      operationId: 'createGentracePipelineV4',
      body: GentraceCreatePipelineV4,
      response: { 200: described(GentracePipelineV4, 'The pipeline created'), ...problems(400, 401, 403, 409, 413, 415, 429) },
    },
    config: { access: 'write' },
    handler: async (req) => toPipelineV4(await createPipeline(req.ctx, req.body, req.principal)),
  });
}
