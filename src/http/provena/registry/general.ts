// Provena registry-api's routes across subtypes: general fetch and list, the version it runs, and the admin
// export and import that move a registry between deployments with its ids.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { checkListRequest } from './list-request.js';
import { callerOf } from '../../../services/provena/caller.js';
import { listGeneral, type ListRequest } from '../../../services/provena/registry-lists.js';
import { fetchGeneral } from '../../../services/provena/registry-reads.js';
import { exportRegistry, importRegistry, type ImportRequest } from '../../../services/provena/registry-transfer.js';
import { described } from '../../components.js';
import * as S from './schemas.js';

const tags = ['provena registry-api'];

export default async function provenaRegistryGeneralPlugin(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/registry/general/fetch', {
    schema: {
      tags,
      summary: 'Fetch an item of any subtype, seed or complete',
      operationId: 'fetchProvenaItem',
      querystring: S.IdQuery,
      response: { 200: described(S.ProvenaFetchResponse, 'The item, your roles on it and whether it is locked') },
    },
    config: { access: 'read' },
    handler: async (req) => fetchGeneral(req.ctx, req.query.id, callerOf(req.principal ?? null)),
  });
  r.post('/registry/general/list', {
    schema: {
      tags,
      summary: 'List items of every subtype',
      operationId: 'listProvenaItems',
      body: S.ProvenaListRequest,
      response: { 200: described(S.ProvenaGeneralListResponse, 'A page of items, and the key of the next'), ...S.BAD_REQUEST },
    },
    config: { access: 'read' },
    handler: async (req) => listGeneral(req.ctx, checkListRequest(req.body as ListRequest), callerOf(req.principal ?? null)),
  });
  r.get('/registry/general/about/version', {
    schema: {
      tags,
      summary: 'The version this registry runs',
      description: "Provena's VersionDetails, plus new_version_id and version_job_session_id because provenaclient reads this reply as a VersionResponse.",
      operationId: 'getProvenaRegistryVersion',
      response: { 200: described(S.ProvenaVersionDetails, 'The version this registry runs') },
    },
    config: { access: 'read' },
    handler: async () => ({ commit_id: null, commit_url: null, tag_name: 'runledger', release_title: null, release_url: null, new_version_id: 'runledger', version_job_session_id: '' }),
  });
  r.get('/admin/export', {
    schema: {
      tags,
      summary: 'Export every item with its access settings and lock state',
      operationId: 'exportProvenaRegistry',
      response: { 200: described(S.ProvenaExportResponse, 'Every item, bundled with its access settings and lock state') },
    },
    config: { access: 'admin' },
    handler: async (req) => exportRegistry(req.ctx),
  });
  r.post('/admin/import', {
    schema: {
      tags,
      summary: 'Import exported items under their own ids',
      description: 'trial_mode (default true) reports what would change and writes nothing.',
      operationId: 'importProvenaRegistry',
      body: S.ProvenaImportRequest,
      response: { 200: described(S.ProvenaImportResponse, 'What changed (or would, in trial mode), and the items refused') },
    },
    config: { access: 'admin' },
    handler: async (req) => importRegistry(req.ctx, req.body as ImportRequest),
  });
}
