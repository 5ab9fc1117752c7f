// The OpenAPI 3.1 document is generated from the registered routes' schemas; /docs serves Swagger UI.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { SECURITY_SCHEMES } from './auth.js';

type JsonSchema = Record<string, unknown>;

/**
 * A request schema as the client must fill it: a property with a default is not required of the client,
 * for validation fills it in (Ajv's useDefaults) before `required` is checked. Only where Ajv applies
 * defaults: the properties of objects reached through properties and items, not inside a choice.
 */
export function asClientSends(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const copy: JsonSchema = { ...(schema as JsonSchema) };
  const properties = copy.properties as Record<string, JsonSchema> | undefined;
  if (properties) {
    copy.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, asClientSends(v)]));
    if (Array.isArray(copy.required)) {
      const required = (copy.required as string[]).filter((name) => properties[name]?.default === undefined);
      if (required.length > 0) copy.required = required;
      else delete copy.required;
    }
  }
  if (copy.items) copy.items = asClientSends(copy.items);
  return copy;
}

const REQUEST_PARTS = ['body', 'querystring', 'params', 'headers'] as const;

function transform({ schema, url }: { schema: FastifySchema; url: string }) {
  if (!schema) return { schema, url };
  const parts = REQUEST_PARTS.filter((part) => schema[part] !== undefined);
  return { schema: { ...schema, ...Object.fromEntries(parts.map((part) => [part, asClientSends(schema[part])])) }, url };
}

export default fp(async function openapiPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'runledger',
        version: '0.1.0',
        description: 'Model-run registry with W3C PROV provenance. Errors are RFC 9457 problem documents.',
      },
      components: { securitySchemes: SECURITY_SCHEMES },
      tags: [
        { name: 'auth', description: 'Tokens, users and API keys' },
        { name: 'registry', description: 'People, organisations, models, templates, datasets and studies' },
        { name: 'provena', description: 'Lodge completed model runs (Provena prov-api compatible)' },
        { name: 'explore', description: 'Lineage queries over the provenance graph' },
        { name: 'runs', description: 'Runs of every origin: registered, triggered and ingested' },
        { name: 'models', description: 'SQL transformation models, their tests and triggered runs' },
        { name: 'gentrace', description: 'Ingestion of LLM pipeline runs (Gentrace compatible)' },
        { name: 'otlp', description: 'OpenTelemetry trace receiver (OTLP/HTTP): traces become ingested runs' },
        { name: 'system', description: 'Health and documentation' },
      ],
    },
    transform,
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { persistAuthorization: true } });
  app.get('/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
});
