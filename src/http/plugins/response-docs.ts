// Completes every route's response schemas in one place, so the OpenAPI document states what the server
// really answers: each error status as application/problem+json (RFC 9457 §3), the errors any route can
// give whatever its handler does (a bad query, a refused credential, a rate limit, a body too large or of
// the wrong type, a failure), and a description for each status rather than "Default Response".
// Registered after authentication, whose onRoute hook settles each route's access.
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Type, type TSchema } from '@sinclair/typebox';
import { PROVENA_BASE } from '../provena/fastapi/errors.js';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const PROBLEM_HEADERS: Record<number, Record<string, { type: 'string'; description: string }>> = {
  401: { 'WWW-Authenticate': { type: 'string', description: 'Bearer realm="runledger"' } },
  429: { 'Retry-After': { type: 'string', description: 'Seconds until the limit resets' } },
};

const isFastapi = (route: RouteOptions) => route.url.startsWith(`${PROVENA_BASE}/`);

/** Statuses a route can answer before or around its handler, whatever the handler does. */
function implicitStatuses(route: RouteOptions): number[] {
  // FastAPI answers a fault in the query or body with 422, and a missing role with 401, never 403.
  if (isFastapi(route)) return route.config?.access === 'public' ? [422, 429, 500] : [401, 413, 415, 422, 429, 500];
  const statuses = [400, 429, 500];
  // Credentials are refused (401) or lack a role (403) on any route that is not public.
  if (route.config?.access !== 'public') statuses.push(401, 403);
  // Fastify reads a body on every method but GET and HEAD, whether or not the route declares one.
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (methods.some((m) => m !== 'GET' && m !== 'HEAD')) statuses.push(413, 415);
  // The router refuses a path parameter longer than its maxParamLength before the route is chosen.
  if (route.url.includes(':')) statuses.push(414);
  return statuses;
}

type ResponseDoc = Record<string, unknown>;

function describedError(status: number, schema: TSchema = Type.Ref('Problem')): ResponseDoc {
  return {
    description: `${STATUS_CODES[status] ?? 'Error'}: an RFC 9457 problem document`,
    content: { [PROBLEM_MEDIA_TYPE]: { schema } },
    ...(PROBLEM_HEADERS[status] ? { headers: PROBLEM_HEADERS[status] } : {}),
  };
}

function describedSuccess(status: number, schema: TSchema): ResponseDoc {
  // The route says what the reply is (components.ts `described`); the reason phrase alone, which the document
  // test refuses, is left only where it does not.
  const description = (schema.description as string | undefined) ?? STATUS_CODES[status] ?? 'Success';
  // A null schema is an empty body (204): it keeps its bare form, which the document renders without content.
  if (schema.type === 'null') return { ...schema, description };
  // Response headers (an ETag) ride on the schema as @fastify/swagger reads them; they belong to the response.
  const { headers, ...body } = schema as TSchema & { headers?: ResponseDoc };
  // On a reference, the description was the response's: the named schema keeps its own.
  if (typeof body.$ref === 'string') delete body.description;
  return { description, content: { 'application/json': { schema: body } }, ...(headers ? { headers } : {}) };
}

function describedFastapiError(status: number): ResponseDoc {
  return {
    description: `${STATUS_CODES[status] ?? 'Error'}: FastAPI's {detail} body`,
    content: { 'application/json': { schema: Type.Ref('FastapiError') } },
    ...(status === 401 ? { headers: { 'WWW-Authenticate': { type: 'string', description: 'Bearer' } } } : {}),
  };
}

function isDescribed(response: unknown): boolean {
  return typeof response === 'object' && response !== null && 'content' in response;
}

export function completeResponses(route: RouteOptions): void {
  if (!route.schema || route.schema.hide || !route.schema.response) return;
  const declared = route.schema.response as Record<string, unknown>;
  const byStatus = new Map<string, unknown>(Object.entries(declared));
  for (const status of implicitStatuses(route)) if (!byStatus.has(String(status))) byStatus.set(String(status), undefined);
  const response: Record<string, unknown> = {};
  for (const code of [...byStatus.keys()].sort()) {
    const schema = byStatus.get(code) as TSchema | undefined;
    const status = Number(code);
    if (isDescribed(schema) || Number.isNaN(status)) response[code] = schema;
    else if (status >= 400) response[code] = isFastapi(route) ? describedFastapiError(status) : describedError(status, schema);
    else response[code] = describedSuccess(status, schema!);
  }
  // A new schema object: routes may share one response map (the explore routes do).
  route.schema = { ...route.schema, response };
}

export default fp(async function responseDocsPlugin(app: FastifyInstance) {
  app.addHook('onRoute', completeResponses);
});
