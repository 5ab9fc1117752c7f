// /token (OAuth2 password grant), /users and /api-keys (admin), /me.
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
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
import { described, noContent } from '../components.js';
import { problems } from '../problem-schema.js';
import { IdParams, ListQuery } from '../registry/schemas.js';
import { ApiKeyPage, CreatedApiKey, NewApiKey, NewUser, PasswordChange, Principal, TokenRequest, TokenResponse, User, UserPage, UserPatch } from './schemas.js';

export default async function authPlugin(app: FastifyInstance, opts: { tokens: TokenIssuer; loginLimits: LoginLimits }): Promise<void> {
  await app.register(formbody);
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['auth'];

  r.post('/token', {
    schema: {
      tags,
      summary: 'Exchange a username and password for a bearer token (OAuth2 password grant)',
      description: 'After too many failed logins for a username or from an address, refuses with 429 and Retry-After, whatever the password.',
      operationId: 'issueToken',
      consumes: ['application/x-www-form-urlencoded'],
      body: TokenRequest,
      response: { 200: described(TokenResponse, 'A bearer token for the Authorization header, and when it expires'), ...problems(400, 401, 429) },
    },
    config: { access: 'public' },
    // req.ip is the socket's peer: the app does not trust X-Forwarded-For, so a client cannot pick its own.
    handler: async (req) => issueToken(req.ctx, opts.tokens, opts.loginLimits, { username: req.body.username, password: req.body.password, ip: req.ip }),
  });

  r.get('/me', {
    schema: {
      tags,
      summary: 'The caller, as authenticated',
      operationId: 'getCurrentPrincipal',
      response: { 200: described(Principal, 'The user or API key the credentials belong to, with its role'), ...problems(401, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => req.principal ?? fail(Errors.unauthenticated, 'credentials required'),
  });

  r.post('/users', {
    schema: {
      tags,
      summary: 'Create a user',
      operationId: 'createUser',
      body: NewUser,
      response: { 201: described(User, 'The user created'), ...problems(400, 401, 403, 409, 429) },
    },
    config: { access: 'admin' },
    handler: async (req, reply) => reply.code(201).send(await createUser(req.ctx, req.body, req.principal)),
  });
  r.get('/users', {
    schema: {
      tags,
      summary: 'List users',
      operationId: 'listUsers',
      querystring: ListQuery,
      response: { 200: described(UserPage, 'A page of users'), ...problems(400, 401, 403, 429) },
    },
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
      body: PasswordChange,
      response: { 204: noContent('The password is changed'), ...problems(400, 401, 429) },
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
      operationId: 'updateUser',
      params: IdParams,
      body: UserPatch,
      response: { 200: described(User, 'The user as changed'), ...problems(400, 401, 403, 404, 409, 429) },
    },
    config: { access: 'admin' },
    handler: async (req) => changeUser(req.ctx, req.params.id, req.body),
  });

  r.post('/api-keys', {
    schema: {
      tags,
      summary: 'Create an API key; the key is in this response only',
      operationId: 'createApiKey',
      body: NewApiKey,
      response: { 201: described(CreatedApiKey, 'The API key created, with the key itself (shown this once)'), ...problems(400, 401, 403, 429) },
    },
    config: { access: 'admin' },
    handler: async (req, reply) => reply.code(201).send(await createApiKey(req.ctx, req.body, req.principal)),
  });
  r.get('/api-keys', {
    schema: {
      tags,
      summary: 'List API keys (never the keys themselves)',
      operationId: 'listApiKeys',
      querystring: ListQuery,
      response: { 200: described(ApiKeyPage, 'A page of API keys, without the keys'), ...problems(400, 401, 403, 429) },
    },
    config: { access: 'admin' },
    handler: async (req) => pageApiKeys(req.ctx, req.query.max_results ?? 100, req.query.page_token),
  });
  r.delete('/api-keys/:id', {
    schema: { tags, summary: 'Revoke an API key', operationId: 'revokeApiKey', params: IdParams, response: { 204: noContent('The key is revoked'), ...problems(401, 403, 404, 429) } },
    config: { access: 'admin' },
    handler: async (req, reply) => {
      await deleteApiKey(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  });
}
