// Builds the Fastify app from its dependencies; src/server.ts makes it listen. Tests call buildApp.
import Fastify, { type FastifyInstance } from 'fastify';
import type { FastifyBaseLogger } from 'fastify';
import type { Metrics } from '../observability/metrics.js';
import type { ServiceContext } from '../services/context.js';
import type { Authenticator } from '../services/auth/authenticate.js';
import type { LoginLimits } from '../services/auth/login-throttle.js';
import type { TokenIssuer } from '../services/auth/tokens.js';
import type { RunCommandDeps } from '../runs/run-commands.js';
import type { DataDeps } from '../services/warehouse-reads.js';
import type { RedisLink } from './plugins/redis-link.js';
import adminPlugin, { type AdminOptions } from './admin/plugin.js';
import { componentSchemas } from './components.js';
import authPlugin from './auth/plugin.js';
import batchPlugin from './batch/plugin.js';
import dataPlugin from './data/plugin.js';
import eventsPlugin from './events/plugin.js';
import explorePlugin from './explore/plugin.js';
import gentracePlugin from './gentrace/plugin.js';
import { authenticationPlugin, authorizationPlugin } from './plugins/auth.js';
import jsonBodyPlugin from './plugins/json-body.js';
import observePlugin from './plugins/observe.js';
import type { SchemaCompilation } from './plugins/lazy-schemas.js';
import rateLimitPlugin, { type RateLimitOptions } from './plugins/rate-limit.js';
import { installSerializers } from './plugins/serialization.js';
import responseDocsPlugin from './plugins/response-docs.js';
import './fastify-types.js';
import openapiPlugin from './plugins/openapi.js';
import otlpPlugin from './otlp/plugin.js';
import problemPlugin, { frameworkErrorHandler, notFoundHandler, rewriteMalformedPath } from './plugins/problem.js';
import storableInputPlugin from './plugins/storable-input.js';
import { installValidators } from './plugins/validation.js';
import provenaPlugin from './provena/plugin.js';
import { PROVENA_SERVICES } from './provena/services.js';
import { provenaSurface } from './provena/surface.js';
import registryPlugin from './registry/plugin.js';
import { registerModelsApi } from './models/models-api.js';
import metricsPlugin from './system/metrics-plugin.js';
import systemPlugin from './system/plugin.js';
import uiPlugin, { sendIndex, wantsUiPage } from './ui/plugin.js';

export interface AppOptions {
  ctx: ServiceContext;
  authenticator: Authenticator;
  tokens: TokenIssuer;
  loginLimits: LoginLimits;
  rateLimit: Omit<RateLimitOptions, 'redis'>;
  /** Shares rate-limit counters across processes, and /ready reports on it. */
  redis?: RedisLink | undefined;
  /** /ready's check of the store. */
  checkStore: () => Promise<void>;
  runs: RunCommandDeps;
  /** Project files, read-only queries and freshness. */
  data: DataDeps;
  bodyLimit: number;
  /** The built web UI, served at `/`. */
  uiDir: string;
  /** How often /events looks for changed runs. */
  eventsPollMs: number;
  /** The process's metrics: requests and OTLP spans are counted into it, and GET /metrics serves it. */
  metrics: Metrics;
  /** The process's logger (see src/observability/logger.ts), or false for none. */
  logger: FastifyBaseLogger | false;
  /** Backups over HTTP (POST /admin/backup); none on PostgreSQL. */
  backup?: AdminOptions['backup'];
  /** When route schemas compile: on first use (the default, for a fast start), or all before listening. */
  schemas?: SchemaCompilation;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: options.bodyLimit,
    ajv: { customOptions: { coerceTypes: false } },
    rewriteUrl: rewriteMalformedPath,
    frameworkErrors: frameworkErrorHandler,
  });
  app.decorate('schemaCompilation', options.schemas ?? 'lazy');
  installValidators(app);
  installSerializers(app);
  for (const schema of componentSchemas()) app.addSchema(schema);

  app.decorateRequest('ctx', { getter: () => options.ctx });
  app.decorateRequest('principal', null);

  await app.register(problemPlugin);
  await app.register(jsonBodyPlugin);
  await app.register(authenticationPlugin, { authenticator: options.authenticator });
  await app.register(observePlugin, { metrics: options.metrics });
  await app.register(responseDocsPlugin);
  await app.register(rateLimitPlugin, { ...options.rateLimit, redis: options.redis });
  await app.register(authorizationPlugin);
  app.setNotFoundHandler(options.rateLimit.perMinute > 0 ? { preHandler: app.rateLimit() } : {}, (request, reply) =>
    wantsUiPage(request) ? sendIndex(reply, options.uiDir) : notFoundHandler(request, reply),
  );
  await app.register(storableInputPlugin);
  await app.register(openapiPlugin);

  await app.register(systemPlugin, { checkStore: options.checkStore, redis: options.redis });
  await app.register(metricsPlugin, { metrics: options.metrics });

  await app.register(authPlugin, { tokens: options.tokens, loginLimits: options.loginLimits });
  await app.register(adminPlugin, { backup: options.backup });
  await app.register(registryPlugin);
  await app.register(provenaPlugin);
  await app.register(batchPlugin);
  await app.register(provenaSurface(PROVENA_SERVICES));
  await app.register(explorePlugin);
  await app.register(gentracePlugin);
  await app.register(otlpPlugin, { countSpans: (accepted: number, rejected: number) => options.metrics.spansReceived(accepted, rejected) });
  await registerModelsApi(app, options.runs);
  await app.register(dataPlugin, { prefix: '/v1', data: options.data });
  await app.register(eventsPlugin, { ctx: options.ctx, pollMs: options.eventsPollMs });
  await app.register(uiPlugin, { uiDir: options.uiDir });
  return app;
}
