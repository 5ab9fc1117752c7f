// The behaviour every Provena service shares, installed in each service's encapsulated scope:
// pydantic v1's leniency on input (null means absent, unknown fields are dropped, "5" is an int) and
// FastAPI's error bodies on output. runledger's own surfaces keep their strict problem+json behaviour.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError, Errors } from '../../../domain/errors.js';
import { allowedMethods } from '../../plugins/problem.js';
import { component, described } from '../../components.js';
import { setValidators } from '../../plugins/validation.js';
import type { AjvIssue } from '../../validation-issues.js';
import { FastapiValidationError, fastapiItems, type FastapiErrorItem } from './errors.js';

export const NOT_AUTHORISED_ROLE = "You are not authorised to access this resource as you don't have the correct role.";

function sendDetail(reply: FastifyReply, status: number, detail: string | FastapiErrorItem[]) {
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(status).type('application/json').send({ detail });
}

/** Drops object members whose value is null, at any depth: pydantic treats them as absent optionals. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (member !== null) out[key] = withoutNulls(member);
  return out;
}

function appErrorReply(error: AppError, request: FastifyRequest, reply: FastifyReply) {
  switch (error.definition) {
    case Errors.unauthenticated:
      return sendDetail(reply, 401, request.headers.authorization || request.headers['x-api-key'] ? 'Could not validate credentials' : 'Not authenticated');
    case Errors.forbidden:
      return sendDetail(reply, 401, NOT_AUTHORISED_ROLE);
    case Errors.validation:
      // Only the JSON body reader raises this without a route's schema: the body is not JSON.
      return sendDetail(reply, 422, [{ loc: ['body', 0], msg: error.detail, type: 'value_error.jsondecode' }]);
  }
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  return sendDetail(reply, error.definition.status, error.detail);
}

function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return appErrorReply(error, request, reply);
  if (error instanceof FastapiValidationError) return sendDetail(reply, 422, error.items);
  if (error.validation) {
    const part = error.validationContext === 'querystring' ? 'query' : 'body';
    return sendDetail(reply, 422, fastapiItems(error.validation as AjvIssue[], part));
  }
  // Fastify's own JSON parser rejects what the body reader let through (e.g. text cut short): FastAPI's 422.
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return sendDetail(reply, 422, [{ loc: ['body', 0], msg: error.message, type: 'value_error.jsondecode' }]);
  }
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return sendDetail(reply, 422, [{ loc: ['body'], msg: 'field required', type: 'value_error.missing' }]);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return sendDetail(reply, status, error.message);
  request.log.error({ err: error }, 'unhandled error');
  return sendDetail(reply, 500, 'Internal Server Error');
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  const allowed = allowedMethods(request.server, request.url.split('?')[0]!);
  if (allowed.length > 0) return sendDetail(reply.header('allow', allowed.join(', ')), 405, 'Method Not Allowed');
  return sendDetail(reply, 404, 'Not Found');
}

const HealthCheck = component('ProvenaHealthCheck', Type.Object({ message: Type.String() }));

/** Makes `app` (a service's prefixed scope) answer as a Provena FastAPI service does. */
export function fastapiScope(app: FastifyInstance, opts: { tag: string; operationName: string }): void {
  setValidators(app, { coerceTypes: true, removeAdditional: true }, { coerceTypes: 'array', removeAdditional: true });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFound);
  app.addHook('preValidation', async (request) => {
    if (request.body !== undefined) request.body = withoutNulls(request.body);
  });
  app.get('/', {
    schema: {
      tags: [opts.tag],
      summary: 'Health check (Provena)',
      operationId: `get${opts.operationName}Health`,
      response: { 200: described(HealthCheck, 'The service answers') },
    },
    config: { access: 'public' },
    handler: async () => ({ message: 'Health check successful.' }),
  });
}
