// /model-runs reads: every run in the store, of any origin, with its steps and test results.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PageQuerySchema } from '../../domain/pagination.js';
import { getRun, listAllRuns, listRunSteps, listRunTestResultsPage, listStepTestResults } from '../../services/run-views.js';
import { getRunProv } from '../../services/run-prov.js';
import { described } from '../components.js';
import { problems } from '../problem-schema.js';
import { ModelRun, ModelRunStepList, ModelTestResultList, PaginatedModelRuns, ProvDocument, RunListQuery, RunParams, StepParams } from './schemas.js';

export default async function runsPlugin(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['runs'];

  r.get('/model-runs', {
    schema: {
      tags,
      summary: 'List runs of every kind, newest first',
      operationId: 'listModelRuns',
      querystring: RunListQuery,
      response: { 200: described(PaginatedModelRuns, 'A page of runs, newest first'), ...problems(400, 401, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => {
      const { max_results, page_token, q, ...filters } = req.query;
      const filter = Object.fromEntries(Object.entries({ ...filters, name_contains: q }).filter(([, v]) => v !== undefined && v !== ''));
      return listAllRuns(req.ctx, filter, max_results ?? 100, page_token);
    },
  });
  r.get('/model-runs/:runId', {
    schema: { tags, summary: 'Get a run', operationId: 'getModelRun', params: RunParams, response: { 200: described(ModelRun, 'The run'), ...problems(401, 404, 429) } },
    config: { access: 'read' },
    handler: async (req) => getRun(req.ctx, req.params.runId),
  });
  r.get('/model-runs/:runId/prov', {
    schema: {
      tags,
      summary: "A run's provenance as a W3C PROV-JSON document",
      description:
        'The document lodged with a registered run or written when a triggered run finished; rebuilt from the stored ' +
        'rows for an ingested run; read off the lineage graph for runs made of OTLP spans and runs still under way.',
      operationId: 'getModelRunProv',
      params: RunParams,
      response: { 200: described(ProvDocument, 'The run’s PROV-JSON document, as an attachment'), ...problems(401, 404, 409, 429) },
    },
    config: { access: 'read' },
    handler: async (req, reply) => {
      const doc = await getRunProv(req.ctx, req.params.runId);
      return reply.header('content-disposition', `attachment; filename="run-${req.params.runId}.prov.json"`).send(doc);
    },
  });
  r.get('/model-runs/:runId/steps', {
    schema: {
      tags,
      summary: 'List the steps of a run, in execution order',
      operationId: 'listModelRunSteps',
      params: RunParams,
      querystring: PageQuerySchema,
      response: { 200: described(ModelRunStepList, 'A page of the run’s steps'), ...problems(400, 401, 404, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => listRunSteps(req.ctx, req.params.runId, req.query.max_results ?? 100, req.query.page_token),
  });
  r.get('/model-runs/:runId/steps/:stepId/test-results', {
    schema: {
      tags,
      summary: 'List the test results of a step',
      operationId: 'listModelTestResults',
      params: StepParams,
      querystring: PageQuerySchema,
      response: { 200: described(ModelTestResultList, 'A page of the step’s test results'), ...problems(400, 401, 404, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => listStepTestResults(req.ctx, req.params.runId, req.params.stepId, req.query.max_results ?? 100, req.query.page_token),
  });
  r.get('/model-runs/:runId/test-results', {
    schema: {
      tags,
      summary: 'List every test result of a run, by test name',
      description:
        "Its SQL steps' test results and its LLM evaluations (sent with an ingested run, with no step), in one " +
        'vocabulary: PASS, FAIL or ERROR.',
      operationId: 'listModelRunTestResults',
      params: RunParams,
      querystring: PageQuerySchema,
      response: { 200: described(ModelTestResultList, 'A page of the run’s test results'), ...problems(400, 401, 404, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => listRunTestResultsPage(req.ctx, req.params.runId, req.query.max_results ?? 100, req.query.page_token),
  });
}
