// Wires config, store and app together and listens. Returns a handle that closes everything.
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { buildApp } from './http/app.js';
import { openRedisLink } from './http/plugins/redis-link.js';
import { createLogger, silentLogger, type Logger } from './observability/logger.js';
import { serveMetrics } from './observability/metrics-server.js';
import { Metrics } from './observability/metrics.js';
import { bootstrapAdmin, configuredPasswordMismatch } from './services/auth/accounts.js';
import { createAuthenticator } from './services/auth/authenticate.js';
import { createOidcVerifier, createTokenIssuer } from './services/auth/tokens.js';
import type { ServiceContext } from './services/context.js';
import { createWorker, openRuntime, type RuntimeOptions } from './runtime.js';
import { streamBackup } from './services/backup/archive.js';

export interface RunningServer {
  url: string;
  port: number;
  ctx: ServiceContext;
  /** Set on the first start of an empty store when no admin password was configured. */
  generatedAdminPassword: string | undefined;
  /** GET /metrics without credentials, when RUNLEDGER_METRICS_PORT asks for a listener of its own. */
  metricsUrl: string | undefined;
  log: Logger;
  /**
   * Stops gently: no new connections, requests in flight and the run in hand finish, the store closes last.
   * Waits as long as they take; interrupt() cuts it short.
   */
  close(): Promise<void>;
  /** Cuts a close short: open connections are dropped, and the DuckDB statement in flight is interrupted and its run requeued. */
  interrupt(): void;
}

export interface StartOptions extends RuntimeOptions {
  /** The process's logger; false logs nothing (tests). By default, one at the configured level. */
  logger?: Logger | false;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.logger === false ? silentLogger() : (options.logger ?? createLogger({ level: config.logLevel }));
  const runtime = await openRuntime(config, { ...options, log });
  const { store, ctx, warehouse } = runtime;
  const metrics = new Metrics({ db: store.db, poolUsage: () => store.poolUsage(), log });
  const tokens = await createTokenIssuer(store.db, config.tokenTtlSeconds, config.jwtSecret);
  const oidc = config.oidc ? createOidcVerifier(config.oidc) : undefined;
  const generatedAdminPassword = await bootstrapAdmin(ctx, config.adminPassword);
  // Said before listening, so it is the first thing an operator sees of a start that will refuse their password.
  const mismatch = await configuredPasswordMismatch(ctx, config.adminPassword);
  if (mismatch) (options.warn ?? ((message: string) => console.warn(`runledger: ${message}`)))(mismatch);
  const worker = config.inProcessWorker ? createWorker(config, runtime, 'serve', { log, metrics }) : undefined;
  // Redis is linked before the app (and its logger) exists; its news goes to the app's log once there is one.
  let app: FastifyInstance | undefined;
  const redisLog = {
    warn: (message: string) => (app ? app.log.warn(message) : console.warn(`runledger: ${message}`)),
    info: (message: string) => app?.log.info(message),
  };
  const redis = config.redisUrl ? await openRedisLink(config.redisUrl, redisLog) : undefined;
  app = await buildApp({
    ctx,
    authenticator: createAuthenticator(store.db, tokens, oidc),
    tokens,
    loginLimits: config.loginLimits,
    rateLimit: { perMinute: config.rateLimit, namespace: config.rateLimitNamespace },
    redis,
    checkStore: () => store.check(),
    runs: { warehouse, ...(worker ? { onQueued: () => worker.wake() } : {}) },
    data: { warehouse, uploadLimit: config.uploadLimit, queryRowLimit: config.query.rowLimit },
    bodyLimit: config.bodyLimit,
    uiDir: config.uiDir,
    eventsPollMs: config.eventsPollMs,
    backup: store.snapshot ? () => streamBackup({ dataDir: config.dataDir, warehouse, snapshotStore: () => store.snapshot!(), now: ctx.now }) : undefined,
    metrics,
    logger: options.logger === false ? false : log,
  });
  await app.listen({ host: config.host, port: config.port });
  const metricsServer = config.metrics.servePort === undefined ? undefined : await serveMetrics(metrics, config.metrics.host, config.metrics.servePort, log);
  worker?.start();
  let closing: Promise<void> | undefined;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host}:${port}`,
    port,
    ctx,
    generatedAdminPassword,
    metricsUrl: metricsServer?.url,
    log,
    close: () =>
      (closing ??= (async () => {
        // The worker stops beside the HTTP server: both use the store, which closes once neither does.
        await Promise.all([app.close(), worker?.stop(), metricsServer?.close()]);
        await redis?.close();
        await store.close();
      })()),
    interrupt: () => {
      worker?.interrupt();
      app.server.closeAllConnections();
    },
  };
}
