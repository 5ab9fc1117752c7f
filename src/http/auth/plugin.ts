// /token (OAuth2 password grant), /users and /api-keys (admin), /me.
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Errors, fail } from '../../domain/errors.js';
import {
  changeOwnPassword,
  changeUser,
  createApiKey,
  createUser,
  deleteApiKey,
  issueToken,
  pageApiKeys,
  pageUsers,
} from '../../services/auth/accounts.js';
import type { LoginLimits } from '../../services/auth/login-throttle.js';
import type { TokenIssuer } from '../../services/auth/tokens.js';
import { problems } from '../problem-schema.js';
import { IdParams, ListQuery, pageOf } from '../registry/schemas.js';
import {
  ApiKeySchema,
  CreatedApiKeySchema,
  NewApiKeySchema,
  NewUserSchema,
  PasswordChangeSchema,
  TokenRequestSchema,
  TokenResponseSchema,
  UserPatchSchema,
  UserSchema,
  WhoAmISchema,
} from './schemas.js';

export default async function authPlugin(app: FastifyInstance, opts: { tokens: TokenIssuer; loginLimits: LoginLimits }): Promise<void> {
  await app.register(formbody);
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['auth'];

  r.post('/token', {
    schema: {
      tags,
      summary: 'Exchange a username and password for a bearer token (OAuth2 password grant)',
      description: 'After too many failed logins for a username or from an address, refuses with 429 and Retry-After, whatever the password.',
      consumes: ['application/x-www-form-urlencoded'],
      body: TokenRequestSchema,
      response: { 200: TokenResponseSchema, ...problems(400, 401, 429) },
    },
    config: { access: 'public' },
    // req.ip is the socket's peer: the app does not trust X-Forwarded-For, so a client cannot pick its own.
    handler: async (req) => issueToken(req.ctx, opts.tokens, opts.loginLimits, { username: req.body.username, password: req.body.password, ip: req.ip }),
  });

  r.get('/me', {
    schema: { tags, summary: 'The caller, as authenticated', response: { 200: WhoAmISchema, ...problems(401, 429) } },
    config: { access: 'read' },
    handler: async (req) => req.principal ?? fail(Errors.unauthenticated, 'credentials required'),
  });

  r.post('/users', {
    schema: { tags, summary: 'Create a user', body: NewUserSchema, response: { 201: UserSchema, ...problems(400, 401, 403, 409, 429) } },
    config: { access: 'admin' },
    handler: async (req, reply) => reply.code(201).send(await createUser(req.ctx, req.body, req.principal)),
  });
  r.get('/users', {
    schema: { tags, summary: 'List users', querystring: ListQuery, response: { 200: pageOf(UserSchema), ...problems(400, 401, 403, 429) } },
    config: { access: 'admin' },
    handler: async (req) => pageUsers(req.ctx, req.query.max_results ?? 100, req.query.page_token),
  });
  r.post('/users/me/password', {
    schema: {
      tags,
      summary: 'Change your own password',
      description:
        'For users who sign in with a password. A wrong current_password is a 400 and counts as a failed login, so ' +
        'guessing is throttled as at /token. Tokens already issued stay valid until they expire.',
      operationId: 'changeOwnPassword',
      body: PasswordChangeSchema,
      response: { 204: Type.Null(), ...problems(400, 401, 429) },
    },
    config: { access: 'read' },
    handler: async (req, reply) => {
      await changeOwnPassword(req.ctx, opts.loginLimits, req.principal, { ...req.body, ip: req.ip });
      return reply.code(204).send(null);
    },
  });
  r.patch('/users/:id', {
    schema: {
      tags,
      summary: 'Change a user’s role or password, or disable them',
      params: IdParams,
      body: UserPatchSchema,
      response: { 200: UserSchema, ...problems(400, 401, 403, 404, 409, 429) },
    },
    config: { access: 'admin' },
    handler: async (req) => changeUser(req.ctx, req.params.id, req.body),
  });

  r.post('/api-keys', {
    schema: { tags, summary: 'Create an API key; the key is in this response only', body: NewApiKeySchema, response: { 201: CreatedApiKeySchema, ...problems(400, 401, 403, 429) } },
    config: { access: 'admin' },
    handler: async (req, reply) => reply.code(201).send(await createApiKey(req.ctx, req.body, req.principal)),
  });
  r.get('/api-keys', {
    schema: { tags, summary: 'List API keys (never the keys themselves)', querystring: ListQuery, response: { 200: pageOf(ApiKeySchema), ...problems(400, 401, 403, 429) } },
    config: { access: 'admin' },
    handler: async (req) => pageApiKeys(req.ctx, req.query.max_results ?? 100, req.query.page_token),
  });
  r.delete('/api-keys/:id', {
    schema: { tags, summary: 'Revoke an API key', params: IdParams, response: { 204: Type.Null(), ...problems(401, 403, 404, 429) } },
    config: { access: 'admin' },
    handler: async (req, reply) => {
      await deleteApiKey(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  });
}
