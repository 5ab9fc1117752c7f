// /check-access/*: each Provena service answers who the caller is, once per access level it guards.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Access } from '../../domain/roles.js';
import { roleAllows } from '../../domain/roles.js';
import type { Principal } from '../../services/context.js';
import { component, described } from '../components.js';

export const ProvenaUserSchema = Type.Object({
  username: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  access_token: Type.String(),
});
const ProvenaUserInfo = component('ProvenaUserInfo', ProvenaUserSchema);
const capitalised = (word: string) => word[0]!.toUpperCase() + word.slice(1);

/** The realm roles a principal would hold in Provena, named with the service's role prefix. */
export function provenaRoles(principal: Principal, prefix: string): string[] {
  const levels: [Access, string][] = [['read', 'read'], ['write', 'write'], ['admin', 'admin']];
  return levels.filter(([access]) => roleAllows(principal.role, access)).map(([, name]) => `${prefix}-${name}`);
}

function bearerOf(request: FastifyRequest): string {
  const header = request.headers.authorization ?? '';
  return header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
}

/** The four routes, for a service whose roles are named `<rolePrefix>-read|write|admin`. */
export function checkAccessRoutes(app: FastifyInstance, opts: { tag: string; operationName: string; rolePrefix: string }): void {
  const levels: [string, Access][] = [['general', 'read'], ['read', 'read'], ['write', 'write'], ['admin', 'admin']];
  for (const [name, access] of levels) {
    app.get(`/check-access/check-${name}-access`, {
      schema: {
        tags: [opts.tag],
        summary: `Who the caller is, if it has ${name} access`,
        operationId: `check${opts.operationName}${capitalised(name)}Access`,
        response: { 200: described(ProvenaUserInfo, 'The caller, with the roles it holds in Provena’s terms') },
      },
      config: { access },
      handler: async (request) => {
        const principal = request.principal!;
        return { username: principal.username, email: null, roles: provenaRoles(principal, opts.rolePrefix), access_token: bearerOf(request) };
      },
    });
  }
}
