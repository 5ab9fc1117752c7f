// POST /model_run/register_complete, as Provena's prov-api v1 serves it.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { registerCompleteModelRun } from '../../services/model-run-service.js';
import { described } from '../components.js';
import { problems } from '../problem-schema.js';
import { ModelRunRecord, RegisterCompleteModelRunResponse } from './schemas.js';

export default async function provenaPlugin(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<TypeBoxTypeProvider>().post('/model_run/register_complete', {
    schema: {
      tags: ['provena'],
      summary: 'Validate and lodge a completed model run',
      description:
        'Validates the record against the registry in Provena order, mints an id, builds the PROV document and ' +
        'stores record, document and lineage in one transaction. Any failure stores nothing.',
      operationId: 'registerCompleteModelRun',
      body: ModelRunRecord,
      response: { 200: described(RegisterCompleteModelRunResponse, 'The run is lodged: its id, PROV document and record'), ...problems(400, 401, 403, 413, 429) },
    },
    config: { access: 'write' },
    handler: async (req) => registerCompleteModelRun(req.ctx, req.body, req.principal),
  });
}
