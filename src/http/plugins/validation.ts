// Request validation: bodies are checked as sent (no type coercion, so "1" is not a number), while
// query strings and path params, which are always text on the wire, are coerced to their schema types.
import Ajv, { type Options, type SchemaValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { MAX_DEPTH_KEYWORD, depthOf } from '../../domain/free-form.js';
import { componentSchemas } from '../components.js';
import { compiledOnFirstCall } from './lazy-schemas.js';

const checkDepth: SchemaValidateFunction = (max: number, data: unknown) => {
  if (depthOf(data, max) <= max) return true;
  checkDepth.errors = [{ keyword: MAX_DEPTH_KEYWORD, message: `must not nest more than ${max} levels deep`, params: { limit: max } }];
  return false;
};

export function makeAjv(options: Options) {
  // verbose: errors carry their schema, which the problem handler reads to summarise choices (validation-issues.ts).
  const ajv = new Ajv.default({ allErrors: true, removeAdditional: false, useDefaults: true, strict: false, verbose: true, ...options });
  addFormats.default(ajv);
  ajv.addKeyword({ keyword: MAX_DEPTH_KEYWORD, type: ['object', 'array'], schemaType: 'number', errors: true, validate: checkDepth });
  // Routes refer to the named schemas by $ref: each validator resolves them itself.
  for (const schema of componentSchemas()) ajv.addSchema(schema);
  return ajv;
}

/**
 * Validators for `app`'s routes, from two Ajv instances (bodies, and the text of query strings and params)
 * made on first use: each costs tens of milliseconds (formats, every named schema), and a lazy start compiles
 * no route before its first request.
 */
export function setValidators(app: FastifyInstance, bodyOptions: Options, textOptions: Options): void {
  let bodies: Ajv.default | undefined;
  let text: Ajv.default | undefined;
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const compile = () =>
      httpPart === 'body' ? (bodies ??= makeAjv(bodyOptions)).compile(schema) : (text ??= makeAjv(textOptions)).compile(schema);
    return app.schemaCompilation === 'lazy' ? compiledOnFirstCall(compile) : compile();
  });
}

export function installValidators(app: FastifyInstance): void {
  setValidators(app, { coerceTypes: false }, { coerceTypes: 'array' });
}
