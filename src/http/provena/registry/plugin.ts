// Provena registry-api's per-subtype routes, P = /registry/{category}/{segment} (RegistryRouteActions.py):
// reads on every subtype, writes on the STANDARD ones, version where Provena versions through the registry.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DOMAIN_INFO_SCHEMAS, modelValidatorFault, type DomainInfo } from '../../../domain/provena/domain-info.js';
import { ITEM_SUBTYPE_NAMES, ROLE_DESCRIPTIONS, SUBTYPES, type ProvenaSubtype } from '../../../domain/provena/subtypes.js';
import { callerOf, succeeded } from '../../../services/provena/caller.js';
import { listTyped, type ListRequest } from '../../../services/provena/registry-lists.js';
import { evaluateAccess, fetchTyped, lockHistory, lockStatus } from '../../../services/provena/registry-reads.js';
import {
  createItem,
  customValidationFault,
  deleteItem,
  revertItem,
  seedItem,
  setLock,
  updateItem,
  versionItem,
} from '../../../services/provena/registry-writes.js';
import { described } from '../../components.js';
import { FastapiValidationError } from '../fastapi/errors.js';
import { checkListRequest } from './list-request.js';
import * as S from './schemas.js';
import { SUBTYPE_SCHEMAS } from './subtypes.js';

const caller = (req: FastifyRequest) => callerOf(req.principal ?? null);

/** pydantic's model validators: a fault is a 422 like any other body fault. */
function checkModel(subtype: ProvenaSubtype, body: DomainInfo): void {
  const fault = modelValidatorFault(subtype, body);
  if (fault) throw new FastapiValidationError([{ loc: ['body', fault[0]], msg: fault[1], type: 'value_error' }]);
}

function subtypeRoutes(app: FastifyInstance, subtype: ProvenaSubtype): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const info = SUBTYPES[subtype];
  const P = `/registry/${info.segment}`;
  const tags = ['provena registry-api'];
  const { one, many, domainInfo: body } = SUBTYPE_SCHEMAS[subtype];
  const s = (summary: string) => `${summary} (${subtype})`;
  // Fixed per subtype: built once here, not on every request.
  const schemaReply = {
    ...succeeded('Successfully retrieved JSON schema.'),
    json_schema: JSON.parse(JSON.stringify(DOMAIN_INFO_SCHEMAS[subtype])) as Record<string, unknown>,
  };
  const rolesReply = {
    roles: info.availableRoles.map((role) => ({
      role_display_name: ROLE_DESCRIPTIONS[role]!.display,
      role_name: role,
      description: ROLE_DESCRIPTIONS[role]!.description,
      also_grants: ROLE_DESCRIPTIONS[role]!.also_grants.filter((g) => info.availableRoles.includes(g)),
    })),
  };

  r.get(`${P}/fetch`, {
    schema: {
      tags,
      summary: s('Fetch an item'),
      operationId: `fetchProvena${one}`,
      querystring: S.FetchQuery,
      response: { 200: described(S.ProvenaFetchResponse, 'The item, your roles on it and whether it is locked'), ...S.BAD_REQUEST },
    },
    config: { access: 'read' },
    handler: async (req) => fetchTyped(req.ctx, subtype, req.query.id, req.query.seed_allowed ?? false, caller(req)),
  });
  r.post(`${P}/list`, {
    schema: {
      tags,
      summary: s('List items, a page at a time'),
      operationId: `listProvena${many}`,
      body: S.ProvenaListRequest,
      response: { 200: described(S.ProvenaListResponse, 'A page of items, and the key of the next'), ...S.BAD_REQUEST },
    },
    config: { access: 'read' },
    handler: async (req) => listTyped(req.ctx, subtype, checkListRequest(req.body as ListRequest), caller(req)),
  });
  r.post(`${P}/validate`, {
    schema: {
      tags,
      summary: s('Validate domain info without storing it'),
      operationId: `validateProvena${one}`,
      body,
      response: { 200: described(S.ProvenaStatusResponse, 'Whether the domain info is valid, and why not') },
    },
    config: { access: 'read' },
    handler: async (req) => {
      checkModel(subtype, req.body as DomainInfo);
      const fault = await customValidationFault(req.ctx.db, subtype, req.body as DomainInfo);
      return fault ? { status: { success: false, details: fault } } : succeeded('Validation successful.');
    },
  });
  r.get(`${P}/schema`, {
    schema: {
      tags,
      summary: s('JSON Schema of the domain info'),
      operationId: `getProvena${one}Schema`,
      response: { 200: described(S.ProvenaSchemaResponse, 'The JSON Schema create and update bodies follow') },
    },
    config: { access: 'read' },
    handler: async () => schemaReply,
  });
  r.delete(`${P}/delete`, {
    schema: {
      tags,
      summary: s('Delete an item (admin)'),
      operationId: `deleteProvena${one}`,
      querystring: S.IdQuery,
      response: { 200: described(S.ProvenaStatusResponse, 'The item is deleted'), ...S.BAD_REQUEST },
    },
    config: { access: 'admin' },
    handler: async (req) => deleteItem(req.ctx, req.query.id),
  });
  r.get(`${P}/auth/evaluate`, {
    schema: {
      tags,
      summary: s("The caller's roles on an item"),
      operationId: `evaluateProvena${one}Access`,
      querystring: S.IdQuery,
      response: { 200: described(S.ProvenaDescribeAccessResponse, 'The roles you hold on the item'), ...S.BAD_REQUEST },
    },
    config: { access: 'read' },
    handler: async (req) => evaluateAccess(req.ctx, req.query.id, caller(req)),
  });
  r.get(`${P}/auth/roles`, {
    schema: {
      tags,
      summary: s('Roles an item of this subtype can grant'),
      operationId: `listProvena${one}Roles`,
      response: { 200: described(S.ProvenaAuthRolesResponse, 'Each role, what it allows and the roles it also grants') },
    },
    config: { access: 'read' },
    handler: async () => rolesReply,
  });
  r.get(`${P}/locks/history`, {
    schema: {
      tags,
      summary: s('Lock history of an item, and whether it is locked'),
      operationId: `getProvena${one}LockHistory`,
      querystring: S.IdQuery,
      response: { 200: described(S.ProvenaLockHistoryResponse, 'The item’s lock and unlock events, and whether it is locked'), ...S.BAD_REQUEST },
    },
    config: { access: 'read' },
    handler: async (req) => lockHistory(req.ctx, req.query.id, caller(req)),
  });
  r.get(`${P}/locks/locked`, {
    schema: {
      tags,
      summary: s('Whether an item is locked'),
      operationId: `getProvena${one}LockStatus`,
      querystring: S.IdQuery,
      response: { 200: described(S.ProvenaLockStatusResponse, 'Whether the item is locked'), ...S.BAD_REQUEST },
    },
    config: { access: 'read' },
    handler: async (req) => lockStatus(req.ctx, req.query.id),
  });
  for (const [action, lock] of [['lock', true], ['unlock', false]] as const) {
    r.put(`${P}/locks/${action}`, {
      schema: {
        tags,
        summary: s(`${action} an item (item admin)`),
        operationId: `${action}Provena${one}`,
        body: S.ProvenaLockRequest,
        response: { 200: described(S.ProvenaStatusResponse, `The item is ${action}ed`), ...S.BAD_REQUEST },
      },
      config: { access: 'write' },
      handler: async (req) => setLock(req.ctx, req.body, lock, caller(req)),
    });
  }
  if (info.routes !== 'STANDARD') return;

  r.post(`${P}/seed`, {
    schema: {
      tags,
      summary: s('Seed an item: an id with no content yet'),
      operationId: `seedProvena${one}`,
      response: { 200: described(S.ProvenaSeedResponse, 'The seeded item, with its id') },
    },
    config: { access: 'write' },
    handler: async (req) => seedItem(req.ctx, subtype, caller(req)),
  });
  r.post(`${P}/create`, {
    schema: {
      tags,
      summary: s('Create a complete item'),
      operationId: `createProvena${one}`,
      body,
      response: { 200: described(S.ProvenaCreateResponse, 'The item created, and the job that registers its creation') },
    },
    config: { access: 'write' },
    handler: async (req) => {
      checkModel(subtype, req.body as DomainInfo);
      return createItem(req.ctx, subtype, req.body as DomainInfo, caller(req));
    },
  });
  r.put(`${P}/update`, {
    schema: {
      tags,
      summary: s('Replace the domain info of an item (reason required on complete items)'),
      operationId: `updateProvena${one}`,
      querystring: S.UpdateQuery,
      body,
      response: { 200: described(S.ProvenaUpdateResponse, 'The item is updated'), ...S.BAD_REQUEST },
    },
    config: { access: 'write' },
    handler: async (req) => {
      checkModel(subtype, req.body as DomainInfo);
      return updateItem(req.ctx, subtype, req.query.id, req.query.reason, req.body as DomainInfo, caller(req));
    },
  });
  r.put(`${P}/revert`, {
    schema: {
      tags,
      summary: s('Restore an item to one of its history entries'),
      operationId: `revertProvena${one}`,
      body: S.ProvenaRevertRequest,
      response: { 200: described(S.ProvenaStatusResponse, 'The item is restored'), ...S.BAD_REQUEST },
    },
    config: { access: 'write' },
    handler: async (req) => revertItem(req.ctx, subtype, req.body, caller(req)),
  });
  if (!info.versionRoute) return;
  r.post(`${P}/version`, {
    schema: {
      tags,
      summary: s('Make a new version: a new item linked to this one'),
      operationId: `versionProvena${one}`,
      body: S.ProvenaVersionRequest,
      response: { 200: described(S.ProvenaVersionResponse, 'The new version’s id, and the job that registers it'), ...S.BAD_REQUEST },
    },
    config: { access: 'write' },
    handler: async (req) => versionItem(req.ctx, subtype, req.body, caller(req)),
  });
}

export default async function provenaRegistryPlugin(app: FastifyInstance): Promise<void> {
  for (const subtype of ITEM_SUBTYPE_NAMES) subtypeRoutes(app, subtype);
}
