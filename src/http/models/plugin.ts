// /models (SQL models and tests) and the write side of /model-runs (trigger, cancel), as the Models API.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { contentTag, parseIfMatch } from '../../domain/etags.js';
import { PageQuerySchema } from '../../domain/pagination.js';
import { cancelRun, triggerRun, type RunCommandDeps } from '../../runs/run-commands.js';
import { addModelTest, listTestsOfModel, removeModelTest } from '../../services/model-tests-service.js';
import { createModel, getModel, modelDag, pageModels, patchModel, removeModel } from '../../services/models-service.js';
import { described, noContent } from '../components.js';
import { problems } from '../problem-schema.js';
import { IfMatchHeaders, withETag } from '../registry/schemas.js';
import { ModelRun, RunParams } from '../runs/schemas.js';
import {
  CreateModelRequest,
  CreateModelTestRequest,
  DagQuery,
  Model,
  ModelDAG,
  ModelListQuery,
  ModelParams,
  ModelTest,
  ModelTestList,
  PaginatedModels,
  TestParams,
  TriggerModelRunRequest,
  UpdateModelRequest,
} from './schemas.js';

export default async function modelsPlugin(app: FastifyInstance, deps: RunCommandDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['models'];
  const one = '/models/:projectName/:modelName';

  r.post('/models', {
    schema: {
      tags,
      summary: 'Create a SQL model',
      operationId: 'createModel',
      body: CreateModelRequest,
      response: { 201: described(withETag(Model), 'The model created, with the models and sources its SQL reads'), ...problems(400, 401, 403, 409, 413, 429) },
    },
    config: { access: 'write' },
    handler: async (req, reply) => {
      const created = await createModel(req.ctx, req.body, req.principal);
      return reply.code(201).header('etag', contentTag(created)).send(created);
    },
  });
  r.get('/models', {
    schema: {
      tags,
      summary: 'List models',
      operationId: 'listModels',
      querystring: ModelListQuery,
      response: { 200: described(PaginatedModels, 'A page of models'), ...problems(400, 401, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => pageModels(req.ctx, req.query.project_name, req.query.max_results ?? 100, req.query.page_token),
  });
  r.get('/models/dag', {
    schema: {
      tags,
      summary: 'Models in dependency tiers',
      operationId: 'getModelDAG',
      querystring: DagQuery,
      response: { 200: described(ModelDAG, 'The models in tiers, each depending only on those before it'), ...problems(400, 401, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => modelDag(req.ctx, req.query.project_name),
  });
  r.get(one, {
    schema: {
      tags,
      summary: 'Get a model',
      operationId: 'getModel',
      params: ModelParams,
      response: { 200: described(withETag(Model), 'The model'), ...problems(401, 404, 429) },
    },
    config: { access: 'read' },
    handler: async (req, reply) => {
      const model = await getModel(req.ctx, req.params.projectName, req.params.modelName);
      return reply.header('etag', contentTag(model)).send(model);
    },
  });
  r.patch(one, {
    schema: {
      tags,
      summary: 'Change a model',
      operationId: 'updateModel',
      description:
        'Fields left out stay as they are; `null` clears description, tags, config, contract and freshness_policy. ' +
        'Send the ETag of the model you edited as If-Match, so that a change made since is not silently overwritten.',
      params: ModelParams,
      headers: IfMatchHeaders,
      body: UpdateModelRequest,
      response: { 200: described(withETag(Model), 'The model as changed'), ...problems(400, 401, 403, 404, 412, 429) },
    },
    config: { access: 'write' },
    handler: async (req, reply) => {
      const { projectName, modelName } = req.params;
      const model = await patchModel(req.ctx, projectName, modelName, req.body, parseIfMatch(req.headers['if-match']));
      return reply.header('etag', contentTag(model)).send(model);
    },
  });
  r.delete(one, {
    schema: {
      tags,
      summary: 'Delete a model and its tests',
      operationId: 'deleteModel',
      params: ModelParams,
      response: { 204: noContent('The model and its tests are deleted'), ...problems(401, 403, 404, 429) },
    },
    config: { access: 'write' },
    handler: async (req, reply) => {
      await removeModel(req.ctx, req.params.projectName, req.params.modelName);
      return reply.code(204).send(null);
    },
  });

  r.post(`${one}/tests`, {
    schema: {
      tags,
      summary: 'Add a test to a model',
      operationId: 'createModelTest',
      params: ModelParams,
      body: CreateModelTestRequest,
      response: { 201: described(ModelTest, 'The test added'), ...problems(400, 401, 403, 404, 409, 429) },
    },
    config: { access: 'write' },
    handler: async (req, reply) => reply.code(201).send(await addModelTest(req.ctx, req.params.projectName, req.params.modelName, req.body)),
  });
  r.get(`${one}/tests`, {
    schema: {
      tags,
      summary: 'List a model’s tests',
      operationId: 'listModelTests',
      params: ModelParams,
      querystring: PageQuerySchema,
      response: { 200: described(ModelTestList, 'A page of the model’s tests'), ...problems(400, 401, 404, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => listTestsOfModel(req.ctx, req.params.projectName, req.params.modelName, req.query.max_results ?? 100, req.query.page_token),
  });
  r.delete(`${one}/tests/:testId`, {
    schema: {
      tags,
      summary: 'Delete a test',
      operationId: 'deleteModelTest',
      params: TestParams,
      response: { 204: noContent('The test is deleted'), ...problems(401, 403, 404, 429) },
    },
    config: { access: 'write' },
    handler: async (req, reply) => {
      await removeModelTest(req.ctx, req.params.projectName, req.params.modelName, req.params.testId);
      return reply.code(204).send(null);
    },
  });

  r.post('/model-runs', {
    schema: {
      tags: ['runs'],
      summary: 'Trigger a run of a project’s models',
      operationId: 'triggerModelRun',
      body: TriggerModelRunRequest,
      response: { 201: described(ModelRun, 'The run, PENDING until a worker claims it'), ...problems(400, 401, 403, 429) },
    },
    config: { access: 'write' },
    handler: async (req, reply) => reply.code(201).send(await triggerRun(req.ctx, deps, req.body, req.principal)),
  });
  r.post('/model-runs/:runId/cancel', {
    schema: {
      tags: ['runs'],
      summary: 'Cancel a PENDING or RUNNING run',
      operationId: 'cancelModelRun',
      params: RunParams,
      response: { 200: described(ModelRun, 'The run, CANCELLED'), ...problems(400, 401, 403, 404, 429) },
    },
    config: { access: 'write' },
    handler: async (req) => cancelRun(req.ctx, req.params.runId, req.principal),
  });
}
