// The only error and not-found handler: every failure leaves as application/problem+json (RFC 9457).
import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, Errors, listErrorDefinitions, type ErrorDefinition } from '../../domain/errors.js';

export function problemType(code: string): string {
  return `urn:runledger:problem:${code}`;
}

function send(reply: FastifyReply, definition: ErrorDefinition, detail: string, extra: Record<string, unknown> = {}, retryAfterSeconds?: number) {
  if (definition.status === 401) reply.header('www-authenticate', 'Bearer realm="runledger"');
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  return reply
    .code(definition.status)
    .type('application/problem+json')
    .send({ type: problemType(definition.code), title: definition.title, status: definition.status, detail, code: definition.code, ...extra });
}

interface ValidationIssue {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldOf(issue: ValidationIssue): string {
  const base = issue.instancePath.replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replaceAll('/', '.');
  const child = issue.params.missingProperty ?? issue.params.additionalProperty;
  const leaf = typeof child === 'string' ? (base ? `${base}.${child}` : child) : base;
  return leaf || '(root)';
}

function describe(issue: ValidationIssue): string {
  if (issue.params.additionalProperty) return 'is not a known field';
  if (issue.params.missingProperty) return 'is required';
  return issue.message ?? 'is not valid';
}

// The first definition of a status is its general one (e.g. 400 → RL_VALIDATION).
const byStatus = new Map<number, ErrorDefinition>();
for (const definition of listErrorDefinitions()) {
  if (!byStatus.has(definition.status)) byStatus.set(definition.status, definition);
}

export default fp(async function problemPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return send(reply, error.definition, error.detail, error.extra, error.retryAfterSeconds);
    if (error.validation) {
      const part = error.validationContext ?? 'request';
      const issues = (error.validation as ValidationIssue[]).map((i) => ({ field: fieldOf(i), message: describe(i) }));
      const detail = issues.map((i) => `${part}.${i.field} ${i.message}`).join('; ');
      return send(reply, Errors.validation, detail, { errors: issues });
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

/** Registered by the app after the rate limiter, so that unknown routes are counted and carry its headers. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  if ((request.raw as MaybeMalformed)[malformedPath]) {
    const path = request.originalUrl.split(/[?#]/)[0];
    return send(reply, Errors.validation, `path ${path} is not valid percent-encoded UTF-8`);
  }
  return send(reply, Errors.routeNotFound, `no route for ${request.method} ${request.url.split('?')[0]}`);
}
