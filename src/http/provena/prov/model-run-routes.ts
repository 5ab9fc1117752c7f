// prov-api's model-run routes as provenaclient calls them: register (one, a batch), update, link to a
// study, and the admin's delete. Each answers once its job is queued; the job API reports the outcome.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { deleteModelRunProvenance } from '../../../services/provena-delete.js';
import {
  linkModelRunToStudy,
  registerModelRun,
  registerModelRunBatch,
  updateModelRun,
} from '../../../services/provena-prov-service.js';
import { FastapiValidationError } from '../fastapi/errors.js';
import { described } from '../../components.js';
import {
  LinkToStudyQuerySchema,
  ProvenaAddStudyLinkResponse,
  ProvenaDeleteGraphRequest,
  ProvenaDeleteGraphResponse,
  ProvenaModelRunRecord,
  ProvenaRegisterBatchRequest,
  ProvenaRegisterModelRunResponse,
  ProvenaUpdateModelRunRequest,
  ProvenaUpdateModelRunResponse,
  recordFaults,
} from './schemas.js';

const TAG = 'provena prov-api';
const errors = { 400: Type.Ref('FastapiError') };

function throwFaults(items: ReturnType<typeof recordFaults>): void {
  if (items.length > 0) throw new FastapiValidationError(items);
}

export default async function modelRunRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post('/model_run/register', {
    schema: {
      tags: [TAG],
      summary: 'Register a model run (asynchronously)',
      description:
        "Checks the record against the registry in Provena's order (400 on the first fault), then queues a " +
        'MODEL_RUN_PROV_LODGE job and answers its session_id. The job lodges the run; its result names the run id.',
      operationId: 'registerProvenaModelRun',
      body: ProvenaModelRunRecord,
      response: { 200: described(ProvenaRegisterModelRunResponse, 'The lodge job is queued: its session_id'), ...errors },
    },
    config: { access: 'write' },
    handler: async (req) => {
      throwFaults(recordFaults(req.body, ['body']));
      return registerModelRun(req.ctx, req.body, req.principal!);
    },
  });

  r.post('/model_run/register_batch', {
    schema: {
      tags: [TAG],
      summary: 'Register many model runs (asynchronously)',
      description:
        'Queues one MODEL_RUN_BATCH_SUBMIT job, whose result holds the batch_id of the one lodge job per record it ' +
        'queues. Records are checked against the registry by their own jobs: a bad record fails only its job.',
      operationId: 'registerProvenaModelRunBatch',
      body: ProvenaRegisterBatchRequest,
      response: { 200: described(ProvenaRegisterModelRunResponse, 'The batch-submit job is queued: its session_id'), ...errors },
    },
    config: { access: 'write' },
    handler: async (req) => {
      throwFaults(req.body.records.flatMap((record, i) => recordFaults(record, ['body', 'records', String(i)])));
      return registerModelRunBatch(req.ctx, req.body.records, req.principal!);
    },
  });

  r.post('/model_run/update', {
    schema: {
      tags: [TAG],
      summary: 'Replace the record of a model run (asynchronously)',
      description:
        'Checks the new record, then queues a MODEL_RUN_UPDATE job: the run keeps its id, its previous record is ' +
        'kept in its history with the reason, and its lineage follows the new record.',
      operationId: 'updateProvenaModelRun',
      body: ProvenaUpdateModelRunRequest,
      response: { 200: described(ProvenaUpdateModelRunResponse, 'The update job is queued: its session_id'), ...errors },
    },
    config: { access: 'write' },
    handler: async (req) => {
      throwFaults(recordFaults(req.body.record, ['body', 'record']));
      return updateModelRun(req.ctx, req.body, req.principal!);
    },
  });

  r.post('/model_run/edit/link_to_study', {
    schema: {
      tags: [TAG],
      summary: 'Link a model run to a study',
      description: 'Sets the study of a run that has none, and queues the MODEL_RUN_LODGE_ONLY job that adds it to the lineage.',
      operationId: 'linkProvenaModelRunToStudy',
      querystring: LinkToStudyQuerySchema,
      response: { 200: described(ProvenaAddStudyLinkResponse, 'The study is set and the lineage job queued'), ...errors },
    },
    config: { access: 'write' },
    handler: async (req) => linkModelRunToStudy(req.ctx, req.query.model_run_id, req.query.study_id, req.principal!),
  });

  r.post('/model_run/delete', {
    schema: {
      tags: [TAG],
      summary: "Remove a model run's provenance (admin)",
      description:
        "Removes the run's node and the lineage edges no other record asserts, and answers the diff as Provena " +
        'does. trial_mode answers the diff and changes nothing. The run stays in the registry.',
      operationId: 'deleteProvenaModelRunProvenance',
      body: ProvenaDeleteGraphRequest,
      response: { 200: described(ProvenaDeleteGraphResponse, 'What was removed (or would be, in trial mode)'), ...errors },
    },
    config: { access: 'admin' },
    handler: async (req) => deleteModelRunProvenance(req.ctx, req.body.record_id, req.body.trial_mode),
  });
}
