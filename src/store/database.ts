// Opens the store: PostgreSQL when a URL is given, otherwise embedded PGlite (same dialect, same queries).
import fs from 'node:fs/promises';
import path from 'node:path';
import { Kysely, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { EmbeddedPool, type PoolUsage } from './embedded-pool.js';
import { OwnSchemaDialect } from './own-schema-dialect.js';

export type { PoolUsage } from './embedded-pool.js';
import { checkParameterCount } from './parameter-limit.js';
import type { DB, Db } from './schema.js';

export interface StoreOptions {
  databaseUrl: string | undefined;
  /** Where the embedded store keeps its files; `memory://` keeps it in memory (tests). */
  embeddedDir: string;
  /** Schema to create and use on PostgreSQL (tests isolate themselves this way). */
  schema?: string;
  poolSize?: number;
  /** An embedded store's starting contents (a PGlite data directory dump), instead of an empty database. */
  embeddedInitialData?: Blob;
  /** Told when the embedded store had to be re-opened because its connection broke. */
  onReopen?: (reason: string) => void;
  /** Told when PostgreSQL drops an idle pooled connection. */
  onConnectionError?: (err: Error) => void;
}

export interface Store {
  db: Db;
  kind: 'postgres' | 'embedded';
  /** The PostgreSQL schema the store lives in, when not the default. */
  schema?: string;
  /** Resolves when the store answers a query (re-opening a broken embedded store); rejects, saying why, when not. */
  check(): Promise<void>;
  /** The connection pool now: PostgreSQL's pg pool, or the embedded store's one connection. */
  poolUsage(): PoolUsage;
  /** The embedded store's files as a tarball, consistent (see EmbeddedPool.snapshot); PostgreSQL has pg_dump instead. */
  snapshot?(): Promise<Blob>;
  close(): Promise<void>;
}

/** pg's pool, refusing statements with more parameters than the embedded store accepts (one limit for both). */
function boundedPool(pool: pg.Pool): PostgresPool {
  return {
    connect: async () => {
      const client = await pool.connect();
      // pg's pool stops listening for a client's errors while it is checked out; a connection lost
      // mid-query would then be an uncaught 'error' event. The query itself fails with the same error.
      const ignore = () => undefined;
      client.on('error', ignore);
      const query = (text: string, parameters: readonly unknown[]) => {
        checkParameterCount(parameters);
        return client.query(text, [...parameters]);
      };
      const release = () => {
        client.off('error', ignore);
        client.release();
      };
      return { query, release } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function openPostgres(options: StoreOptions & { databaseUrl: string }): Promise<Store> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(`invalid schema name "${options.schema}"`);
  }
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 20,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle connection that PostgreSQL (or the network) drops is reported here; unheard, it would end the
  // process. The pool replaces it, and queries meanwhile fail alone.
  pool.on('error', (err) => options.onConnectionError?.(err));
  if (options.schema) {
    // Identifier checked against SCHEMA_NAME above; DDL cannot take it as a parameter.
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  }
  const db = new Kysely<DB>({ dialect: new OwnSchemaDialect({ pool: boundedPool(pool) }) });
  const max = options.poolSize ?? 20;
  return {
    db,
    kind: 'postgres',
    ...(options.schema ? { schema: options.schema } : {}),
    check: async () => {
      await sql`SELECT 1`.execute(db);
    },
    poolUsage: () => ({ max, inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => db.destroy(),
  };
}

async function openEmbedded(options: StoreOptions): Promise<Store> {
  const inMemory = options.embeddedDir.startsWith('memory://');
  if (!inMemory) await fs.mkdir(path.dirname(options.embeddedDir), { recursive: true, mode: 0o700 });
  const pool = await EmbeddedPool.open({
    dataDir: inMemory ? undefined : options.embeddedDir,
    ...(options.embeddedInitialData ? { initialData: options.embeddedInitialData } : {}),
    ...(options.onReopen ? { onReopen: options.onReopen } : {}),
  });
  const db = new Kysely<DB>({ dialect: new OwnSchemaDialect({ pool }) });
  return {
    db,
    kind: 'embedded',
    check: async () => {
      if (!(await pool.check())) throw new Error('the embedded store does not answer queries');
    },
    poolUsage: () => pool.usage(),
    snapshot: () => pool.snapshot(),
    close: () => db.destroy(),
  };
}

export async function openStore(options: StoreOptions): Promise<Store> {
  return options.databaseUrl
    ? openPostgres({ ...options, databaseUrl: options.databaseUrl })
    : openEmbedded(options);
}
