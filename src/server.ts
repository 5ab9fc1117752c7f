// Wires config, store and app together and listens. Returns a handle that closes everything.
import { v7 as uuidv7 } from 'uuid';
import type { Config } from './config.js';
import { buildApp } from './http/app.js';
import { bootstrapAdmin } from './services/auth/accounts.js';
import { createAuthenticator } from './services/auth/authenticate.js';
import { createOidcVerifier, createTokenIssuer } from './services/auth/tokens.js';
import type { Racepoints, ServiceContext } from './services/context.js';
import { openStore, type StoreOptions } from './store/database.js';
import { migrateToLatest } from './store/migrate.js';

export interface RunningServer {
  url: string;
  port: number;
  ctx: ServiceContext;
  /** Set on the first start of an empty store when no admin password was configured. */
  generatedAdminPassword: string | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  racepoints?: Racepoints;
  /** Overrides for the store, e.g. an isolated PostgreSQL schema in tests. */
  store?: Partial<StoreOptions>;
  logger?: boolean;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    embeddedDir: `${config.dataDir}/store`,
    ...options.store,
  });
  await migrateToLatest(store.db, store.schema);
  const ctx: ServiceContext = {
    db: store.db,
    now: () => new Date(),
    newId: () => uuidv7(),
    racepoints: options.racepoints ?? {},
    lineageNodeCap: config.lineageNodeCap,
  };
  const tokens = await createTokenIssuer(store.db, config.tokenTtlSeconds);
  const oidc = config.oidc ? createOidcVerifier(config.oidc) : undefined;
  const generatedAdminPassword = await bootstrapAdmin(ctx, config.adminPassword);
  const app = await buildApp({
    ctx,
    authenticator: createAuthenticator(store.db, tokens, oidc),
    tokens,
    rateLimitPerMinute: config.rateLimit,
    bodyLimit: config.bodyLimit,
    logger: options.logger === false ? false : { level: config.logLevel },
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host}:${port}`,
    port,
    ctx,
    generatedAdminPassword,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
