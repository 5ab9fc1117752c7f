// Provena registry-api's routes across subtypes: general fetch and list, the version it runs, and the admin
// export and import that move a registry between deployments with its ids.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { checkListRequest } from './list-request.js';
import { callerOf } from '../../../services/provena/caller.js';
import { listGeneral, type ListRequest } from '../../../services/provena/registry-lists.js';
import { fetchGeneral } from '../../../services/provena/registry-reads.js';
import { exportRegistry, importRegistry, type ImportRequest } from '../../../services/provena/registry-transfer.js';
import * as S from './schemas.js';

const tags = ['provena registry-api'];

export default async function provenaRegistryGeneralPlugin(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/registry/general/fetch', {
    schema: { tags, summary: 'Fetch an item of any subtype, seed or complete', querystring: S.IdQuery, response: { 200: S.FetchResponseSchema } },
    config: { access: 'read' },
    handler: async (req) => fetchGeneral(req.ctx, req.query.id, callerOf(req.principal ?? null)),
  });
  r.post('/registry/general/list', {
    schema: { tags, summary: 'List items of every subtype', body: S.ListRequestSchema, response: { 200: S.GeneralListResponseSchema, ...S.BAD_REQUEST } },
    config: { access: 'read' },
    handler: async (req) => listGeneral(req.ctx, checkListRequest(req.body as ListRequest), callerOf(req.principal ?? null)),
  });
  r.get('/registry/general/about/version', {
    schema: {
      tags,
      summary: 'The version this registry runs',
      description: "Provena's VersionDetails, plus new_version_id and version_job_session_id because provenaclient reads this reply as a VersionResponse.",
      response: { 200: S.VersionDetailsSchema },
    },
    config: { access: 'read' },
    handler: async () => ({ commit_id: null, commit_url: null, tag_name: 'runledger', release_title: null, release_url: null, new_version_id: 'runledger', version_job_session_id: '' }),
  });
  r.get('/admin/export', {
    schema: { tags, summary: 'Export every item with its access settings and lock state', response: { 200: S.ExportResponseSchema } },
    config: { access: 'admin' },
    handler: async (req) => exportRegistry(req.ctx),
  });
  r.post('/admin/import', {
    schema: {
      tags,
      summary: 'Import exported items under their own ids',
      description: 'trial_mode (default true) reports what would change and writes nothing.',
      body: S.ImportRequestSchema,
      response: { 200: S.ImportResponseSchema },
    },
    config: { access: 'admin' },
    handler: async (req) => importRegistry(req.ctx, req.body as ImportRequest),
  });
}
