// Authentication and authorisation for every route. Runs in onRequest, before the body is read, so a
// request without valid credentials gets 401 even when its body is also bad.
// Split in two so the rate limiter, registered between them, can key on the authenticated principal.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, Errors, fail } from '../../domain/errors.js';
import { roleAllows, roleFor, type Access } from '../../domain/roles.js';
import type { Authenticator } from '../../services/auth/authenticate.js';

const authFailure = Symbol('authFailure');
type WithFailure = FastifyRequest & { [authFailure]?: AppError };

export const SECURITY_SCHEMES = {
  OAuth2PasswordBearer: {
    type: 'oauth2',
    flows: { password: { tokenUrl: '/token', scopes: { reader: 'read', writer: 'read and write', admin: 'manage users and keys' } } },
  },
  bearerAuth: { type: 'http', scheme: 'bearer', description: 'A token from /token, or an API key' },
  apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
} as const;

/** Routes of plugins that do not declare access (Swagger UI's assets) are public only under /docs. */
function accessOf(url: string, declared: Access | undefined): Access {
  if (declared) return declared;
  return url === '/docs' || url.startsWith('/docs/') ? 'public' : 'admin';
}

export const authenticationPlugin = fp(async function authentication(app: FastifyInstance, opts: { authenticator: Authenticator }) {
  app.addHook('onRoute', (route) => {
    const access = accessOf(route.url, route.config?.access);
    route.config = { ...route.config, access };
    if (!route.schema) return;
    // The OpenAPI document states each route's required role as the scope/role of its security requirement.
    const role = access === 'public' ? undefined : roleFor(access);
    (route.schema as Record<string, unknown>).security = role
      ? [{ OAuth2PasswordBearer: [role] }, { bearerAuth: [role] }, { apiKeyHeader: [role] }]
      : [];
  });

  app.addHook('onRequest', async (request) => {
    try {
      request.principal = await opts.authenticator.authenticate({
        authorization: request.headers.authorization,
        apiKey: typeof request.headers['x-api-key'] === 'string' ? request.headers['x-api-key'] : undefined,
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      (request as WithFailure)[authFailure] = err;
    }
  });
});

// preParsing, not onRequest: the rate limiter's hook is route-level onRequest, which runs after app-level
// onRequest hooks; refusing here lets it count (and label) refused requests too. preParsing still runs
// before the body is read, so bad credentials win over a bad body.
export const authorizationPlugin = fp(async function authorization(app: FastifyInstance) {
  app.addHook('preParsing', async (request, _reply, payload) => {
    authorize(request);
    return payload;
  });
});

function authorize(request: FastifyRequest): void {
  // Unknown routes answer 404 to anyone; there is nothing behind them to protect.
  if (request.is404) return;
  const access = request.routeOptions.config.access ?? 'admin';
  if (access === 'public') return;
  const failure = (request as WithFailure)[authFailure];
  if (failure) throw failure;
  const principal = request.principal;
  if (!principal) fail(Errors.unauthenticated, 'credentials required: send Authorization: Bearer <token or API key>, or X-API-Key');
  if (!roleAllows(principal.role, access)) {
    fail(Errors.forbidden, `${request.method} ${request.routeOptions.url} needs role ${roleFor(access)}; ${principal.username} has ${principal.role}`);
  }
}
