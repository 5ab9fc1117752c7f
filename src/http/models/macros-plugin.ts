// /v1/macros: SQL macros that models call, with their revisions, diffs between them and their impact.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PageQuerySchema } from '../../domain/pagination.js';
import { createMacro, diffRevisions, getMacro, listRevisions, macroImpact, pageMacros, patchMacro, removeMacro } from '../../services/macros-service.js';
import { described, noContent } from '../components.js';
import { problems } from '../problem-schema.js';
import {
  CreateMacroRequest,
  Macro,
  MacroDiffQuery,
  MacroImpactList,
  MacroParams,
  MacroRevisionDiff,
  MacroRevisionList,
  PaginatedMacros,
  UpdateMacroRequest,
} from './macro-schemas.js';

export default async function macrosPlugin(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['models'];
  const one = '/macros/:macroName';

  r.get('/macros', {
    schema: {
      tags,
      operationId: 'listMacros',
      summary: 'List SQL macros',
      querystring: PageQuerySchema,
      response: { 200: described(PaginatedMacros, 'A page of macros'), ...problems(400, 401, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => pageMacros(req.ctx, req.query.max_results ?? 100, req.query.page_token),
  });
  r.post('/macros', {
    schema: {
      tags,
      operationId: 'createMacro',
      summary: 'Create a SQL macro',
      description: 'DuckDB must accept the definition; models may then call the macro by name. Version 1 of its revisions is this definition.',
      body: CreateMacroRequest,
      response: { 201: described(Macro, 'The macro created, at revision 1'), ...problems(400, 401, 403, 409, 413, 429) },
    },
    config: { access: 'write' },
    handler: async (req, reply) => reply.code(201).send(await createMacro(req.ctx, req.body, req.principal)),
  });
  r.get(one, {
    schema: {
      tags,
      operationId: 'getMacro',
      summary: 'Get a SQL macro',
      params: MacroParams,
      response: { 200: described(Macro, 'The macro'), ...problems(401, 404, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => getMacro(req.ctx, req.params.macroName),
  });
  r.patch(one, {
    schema: {
      tags,
      operationId: 'updateMacro',
      summary: 'Update a SQL macro',
      description: 'A field left out stays as it is; null empties it. A change of parameters, body, description or status makes a new revision.',
      params: MacroParams,
      body: UpdateMacroRequest,
      response: { 200: described(Macro, 'The macro as changed'), ...problems(400, 401, 403, 404, 413, 429) },
    },
    config: { access: 'write' },
    handler: async (req) => patchMacro(req.ctx, req.params.macroName, req.body, req.principal),
  });
  r.delete(one, {
    schema: {
      tags,
      operationId: 'deleteMacro',
      summary: 'Delete a SQL macro and its revisions',
      params: MacroParams,
      response: { 204: noContent('The macro and its revisions are deleted'), ...problems(401, 403, 404, 429) },
    },
    config: { access: 'write' },
    handler: async (req, reply) => {
      await removeMacro(req.ctx, req.params.macroName);
      return reply.code(204).send(null);
    },
  });
  r.get(`${one}/revisions`, {
    schema: {
      tags,
      operationId: 'listMacroRevisions',
      summary: 'List a macro’s revisions, newest first',
      params: MacroParams,
      response: { 200: described(MacroRevisionList, 'The macro’s revisions, newest first'), ...problems(401, 404, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => listRevisions(req.ctx, req.params.macroName),
  });
  r.get(`${one}/diff`, {
    schema: {
      tags,
      operationId: 'diffMacroRevisions',
      summary: 'Compare two revisions of a macro',
      description: 'With the models the macro had reached when each revision was made.',
      params: MacroParams,
      querystring: MacroDiffQuery,
      response: { 200: described(MacroRevisionDiff, 'The two revisions, their differences and the models each had reached'), ...problems(400, 401, 404, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => diffRevisions(req.ctx, req.params.macroName, req.query.from_version, req.query.to_version),
  });
  r.get(`${one}/impact`, {
    schema: {
      tags,
      operationId: 'getMacroImpact',
      summary: 'Models that use a macro',
      description: 'From compile lineage: every model a run compiled with a call of the macro.',
      params: MacroParams,
      querystring: PageQuerySchema,
      response: { 200: described(MacroImpactList, 'A page of the models that call the macro'), ...problems(400, 401, 404, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => macroImpact(req.ctx, req.params.macroName, req.query.max_results ?? 100, req.query.page_token),
  });
}
