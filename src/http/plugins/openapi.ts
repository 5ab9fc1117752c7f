// The OpenAPI 3.1 document is generated from the registered routes' schemas; /docs serves Swagger UI.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SECURITY_SCHEMES } from './auth.js';

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
        { name: 'system', description: 'Health and documentation' },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { persistAuthorization: true } });
  app.get('/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
});
