// The OpenAPI 3.1 document is generated from the registered routes' schemas; /docs serves Swagger UI.
import swagger, { type SwaggerTransformObject } from '@fastify/swagger';
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

const COMPONENT_REF = '#/components/schemas/';

/** Names of the components `node` refers to, and those they refer to in turn. */
function reachable(node: unknown, components: Record<string, unknown>, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) reachable(item, components, found);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_REF)) {
        const name = value.slice(COMPONENT_REF.length);
        if (found.has(name)) continue;
        found.add(name);
        reachable(components[name], components, found);
      } else reachable(value, components, found);
    }
  }
  return found;
}

type Document = { paths: Record<string, Record<string, { requestBody?: unknown; responses?: unknown }>>; components: { schemas: Record<string, unknown> } };

/**
 * Request bodies are named schemas, so `asClientSends` applies to the components they reach rather than to the
 * route. A component both sent and answered must be the same to both: split it in two if it has a default.
 */
function requestComponentsAsClientSends(doc: Document): void {
  const schemas = doc.components.schemas;
  const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
  const sent = reachable(operations.map((op) => op.requestBody), schemas);
  const answered = reachable(operations.map((op) => op.responses), schemas);
  for (const name of sent) {
    const asSent = asClientSends(schemas[name]);
    if (JSON.stringify(asSent) === JSON.stringify(schemas[name])) continue;
    if (answered.has(name)) throw new Error(`component ${name} is both a request and a response, and a default makes them differ`);
    schemas[name] = asSent;
  }
}

type MediaType = { schema?: { $ref?: unknown }; example?: unknown };

/**
 * A request body's example on its media type too, where every viewer looks: the schema's `examples` (JSON
 * Schema 2020-12) are not read by all of them.
 */
function requestExamplesOnMediaTypes(doc: Document): void {
  for (const op of Object.values(doc.paths).flatMap((item) => Object.values(item))) {
    const content = (op.requestBody as { content?: Record<string, MediaType> } | undefined)?.content ?? {};
    for (const media of Object.values(content)) {
      const ref = media.schema?.$ref;
      if (typeof ref !== 'string' || !ref.startsWith(COMPONENT_REF) || media.example !== undefined) continue;
      const examples = (doc.components.schemas[ref.slice(COMPONENT_REF.length)] as { examples?: unknown[] } | undefined)?.examples;
      if (examples?.length) media.example = examples[0];
    }
  }
}

const transformObject: SwaggerTransformObject = (documentObject) => {
  if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
  const doc = documentObject.openapiObject as unknown as Document;
  requestComponentsAsClientSends(doc);
  requestExamplesOnMediaTypes(doc);
  return documentObject.openapiObject;
};

export default fp(async function openapiPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'runledger',
        version: '0.1.0',
        description: 'Model-run registry with W3C PROV provenance. Errors are RFC 9457 problem documents.',
      },
      // Relative: the origin the document was fetched from, whatever host name or proxy the client reached it by.
      servers: [{ url: '/', description: 'This runledger server' }],
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
    transformObject,
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { persistAuthorization: true } });
  app.get('/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
});
