// The only error and not-found handler: every failure leaves as application/problem+json (RFC 9457).
import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, Errors, listErrorDefinitions, type ErrorDefinition } from '../../domain/errors.js';
import { PLATFORM_MESSAGE_MAX } from '../problem-schema.js';
import { problemCodeOf, summariseIssues, type AjvIssue } from '../validation-issues.js';

export function problemType(code: string): string {
  return `urn:runledger:problem:${code}`;
}

/** detail (every schema fault, joined) may be longer than the platform's message allows. */
function platformMessage(text: string): string {
  return text.length > PLATFORM_MESSAGE_MAX ? [...text].slice(0, PLATFORM_MESSAGE_MAX).join('') : text;
}

/**
 * One body both kinds of client read: RFC 9457 members (`type`, `title`, `status`, `detail`) for problem+json
 * clients, and the DuckDB Data Platform's `Error` (`code` the HTTP status, `message` the text) for its clients.
 * runledger's own stable code travels as `error_code`.
 */
function problemBody(definition: ErrorDefinition, detail: string) {
  return {
    type: problemType(definition.code),
    title: definition.title,
    status: definition.status,
    detail,
    code: definition.status,
    message: platformMessage(detail || definition.title),
    error_code: definition.code,
  };
}

function send(reply: FastifyReply, definition: ErrorDefinition, detail: string, extra: Record<string, unknown> = {}, retryAfterSeconds?: number) {
  if (definition.status === 401) reply.header('www-authenticate', 'Bearer realm="runledger"');
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  return reply
    .code(definition.status)
    .type('application/problem+json')
    .send({ ...problemBody(definition, detail), ...extra });
}

// The first definition of a status is its general one (e.g. 400 → RL_VALIDATION).
const byStatus = new Map<number, ErrorDefinition>();
const byCode = new Map<string, ErrorDefinition>();
for (const definition of listErrorDefinitions()) {
  if (!byStatus.has(definition.status)) byStatus.set(definition.status, definition);
  byCode.set(definition.code, definition);
}

export default fp(async function problemPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return send(reply, error.definition, error.detail, error.extra, error.retryAfterSeconds);
    if (error.validation) {
      const part = error.validationContext ?? 'request';
      const faults = error.validation as AjvIssue[];
      const issues = summariseIssues(faults, part);
      const detail = issues.map((i) => `${part}.${i.field} ${i.message}`).join('; ');
      const code = problemCodeOf(faults);
      const definition = (code && byCode.get(code)) || Errors.validation;
      return send(reply, definition, detail, { errors: issues });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const definition = byStatus.get(status) ?? Errors.validation;
      return send(reply, definition, error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, Errors.internal, 'The server failed to handle this request; it has been logged.');
  });

});

const malformedPath = Symbol('malformedPath');
type MaybeMalformed = IncomingMessage & { [malformedPath]?: true };
/** No route has a segment starting with a dot, so this path always reaches the not-found handler. */
const UNROUTABLE = '/.malformed-path';

/**
 * Fastify's rewriteUrl hook. The router answers a path that does not percent-decode (RFC 3986 §2.1) with its
 * own JSON before any hook runs: not problem+json, not authenticated, not counted, no X-RateLimit-*. Sending
 * such a request to the not-found handler instead puts it through every hook; the handler then answers 400.
 */
export function rewriteMalformedPath(req: IncomingMessage): string {
  const url = req.url ?? '/';
  if (!url.includes('%')) return url;
  const end = url.search(/[?#]/);
  try {
    decodeURIComponent(end < 0 ? url : url.slice(0, end));
    return url;
  } catch {
    (req as MaybeMalformed)[malformedPath] = true;
    return UNROUTABLE;
  }
}

/**
 * Fastify's framework errors: a path that is not valid percent-encoding, or a path parameter longer than the
 * router takes. They are refused before any route (and its hooks) is chosen, so they are answered here.
 */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return send(reply, Errors.pathParamTooLong, 'a path parameter is longer than 100 characters');
  if (error.code === 'FST_ERR_BAD_URL') return send(reply, Errors.validation, 'the path is not valid percent-encoded UTF-8');
  return send(reply, (error.statusCode && byStatus.get(error.statusCode)) || Errors.validation, error.message);
}

/** The methods some route answers at this concrete path, in the order Fastify lists them. */
export function allowedMethods(app: FastifyInstance, path: string): string[] {
  return app.supportedMethods.filter((method) => app.findRoute({ method, url: path }) !== null);
}

/**
 * Registered by the app after the rate limiter, so that unknown routes are counted and carry its headers.
 * A known path asked with a method it does not answer is a 405 with Allow (RFC 9110 §15.5.6), not a 404.
 */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  if ((request.raw as MaybeMalformed)[malformedPath]) {
    const path = request.originalUrl.split(/[?#]/)[0];
    return send(reply, Errors.validation, `path ${path} is not valid percent-encoded UTF-8`);
  }
  const path = request.url.split('?')[0]!;
  const allowed = allowedMethods(request.server, path);
  if (allowed.length > 0) {
    reply.header('allow', allowed.join(', '));
    return send(reply, Errors.methodNotAllowed, `${request.method} is not allowed on ${path}; it answers ${allowed.join(', ')}`);
  }
  return send(reply, Errors.routeNotFound, `no route for ${request.method} ${path}`);
}
