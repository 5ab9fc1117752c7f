// /registry/{kind}: create, read, list, update and version history of registry items.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { parseIfMatch, versionTag } from '../../domain/etags.js';
import { REGISTRY_KIND_NAMES, type RegistryBodies, type RegistryKind } from '../../domain/registry-schemas.js';
import { getRegisteredModelRun, listRegisteredModelRuns } from '../../services/model-run-service.js';
import {
  createRegistryItem,
  getRegistryItem,
  listRegistry,
  listVersions,
  updateRegistry,
  VERSION_PAGE_BYTES,
} from '../../services/registry-service.js';
import { described } from '../components.js';
import { problems } from '../problem-schema.js';
import { KIND_SCHEMAS } from './kinds.js';
import { IdParams, IfMatchHeaders, ItemVersionPage, ListQuery, LodgedModelRun, LodgedModelRunPage, RegistryListQuery, UpdateQuery, withETag } from './schemas.js';

function registerKind(app: FastifyInstance, kind: RegistryKind): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { one, many, input: body, item, page } = KIND_SCHEMAS[kind];
  const tags = ['registry'];
  const base = `/registry/${kind}`;

  r.post(base, {
    schema: {
      tags,
      summary: `Create a ${kind} item`,
      operationId: `create${one}`,
      body,
      response: { 201: described(withETag(item), 'The item created, with its id and version 1'), ...problems(400, 401, 403, 413, 429) },
    },
    config: { access: 'write' },
    handler: async (req, reply) => {
      const created = await createRegistryItem(req.ctx, kind, req.body as RegistryBodies[typeof kind], req.principal);
      return reply.code(201).header('etag', versionTag(created.version)).send(created);
    },
  });
  r.get(base, {
    schema: {
      tags,
      summary: `List ${kind} items, oldest id first`,
      operationId: `list${many}`,
      querystring: RegistryListQuery,
      response: { 200: described(page, 'A page of items, and the token of the next when there is one'), ...problems(400, 401, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => listRegistry(req.ctx, kind, req.query.max_results ?? 100, req.query.page_token, req.query.q),
  });
  r.get(`${base}/:id`, {
    schema: {
      tags,
      summary: `Get a ${kind} item`,
      operationId: `get${one}`,
      params: IdParams,
      response: { 200: described(withETag(item), 'The item as it is now'), ...problems(401, 404, 429) },
    },
    config: { access: 'read' },
    handler: async (req, reply) => {
      const found = await getRegistryItem(req.ctx, kind, req.params.id);
      return reply.header('etag', versionTag(found.version)).send(found);
    },
  });
  r.put(`${base}/:id`, {
    schema: {
      tags,
      summary: `Replace a ${kind} item, keeping the old version in its history`,
      description: 'Send the ETag of the version you edited as If-Match, so that a change made since is not silently overwritten.',
      operationId: `replace${one}`,
      params: IdParams,
      querystring: UpdateQuery,
      headers: IfMatchHeaders,
      body,
      response: { 200: described(withETag(item), 'The item as replaced, its version one higher'), ...problems(400, 401, 403, 404, 412, 413, 429) },
    },
    config: { access: 'write' },
    handler: async (req, reply) => {
      const replacement = req.body as RegistryBodies[typeof kind];
      const ifMatch = parseIfMatch(req.headers['if-match']);
      const updated = await updateRegistry(req.ctx, kind, req.params.id, replacement, req.query.reason ?? null, req.principal, ifMatch);
      return reply.header('etag', versionTag(updated.version)).send(updated);
    },
  });
  r.get(`${base}/:id/versions`, {
    schema: {
      tags,
      summary: `Version history of a ${kind} item, newest first`,
      description:
        'Each entry holds the item as that version left it. A page ends after max_results versions or once its items ' +
        `come to ${VERSION_PAGE_BYTES / 1024 / 1024} MiB of JSON, whichever comes first, and always holds at least one; ` +
        'next_page_token fetches the rest.',
      operationId: `list${one}Versions`,
      params: IdParams,
      querystring: ListQuery,
      response: { 200: described(ItemVersionPage, 'A page of versions, newest first'), ...problems(400, 401, 404, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => listVersions(req.ctx, kind, req.params.id, req.query.max_results ?? 100, req.query.page_token),
  });
}

export default async function registryPlugin(app: FastifyInstance): Promise<void> {
  for (const kind of REGISTRY_KIND_NAMES) registerKind(app, kind);

  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/registry/model-runs', {
    schema: {
      tags: ['registry'],
      summary: 'List lodged model runs, newest first',
      description: 'With `q`, the runs whose name contains it (any case).',
      operationId: 'listLodgedModelRuns',
      querystring: RegistryListQuery,
      response: { 200: described(LodgedModelRunPage, 'A page of lodged model runs, newest first'), ...problems(400, 401, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => listRegisteredModelRuns(req.ctx, req.query.max_results ?? 100, req.query.page_token, req.query.q),
  });
  r.get('/registry/model-runs/:id', {
    schema: {
      tags: ['registry'],
      summary: 'Get a lodged model run with its PROV serialisation',
      operationId: 'getLodgedModelRun',
      params: IdParams,
      response: { 200: described(LodgedModelRun, 'The lodged model run, its record and PROV document'), ...problems(401, 404, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => getRegisteredModelRun(req.ctx, req.params.id),
  });
}

