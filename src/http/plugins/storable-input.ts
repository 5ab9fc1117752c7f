// PostgreSQL text and jsonb cannot hold NUL characters or unpaired UTF-16 surrogates; JSON can. Every
// body, query string and path parameter is checked here, so such input is a 400 naming the field rather
// than a database error (500) midway through a request.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Errors, fail } from '../../domain/errors.js';
import { checkStorableJson } from '../../domain/storable-json.js';

const refuse = (field: string, message: string): never => fail(Errors.validation, `${field} ${message}`);

export default fp(async function storableInputPlugin(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    checkStorableJson(request.params ?? {}, 'params', refuse);
    checkStorableJson(request.query ?? {}, 'query', refuse);
    if (request.body !== undefined && request.body !== null) checkStorableJson(request.body, 'body', refuse);
  });
});
