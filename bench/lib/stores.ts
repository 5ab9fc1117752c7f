// Starts the real server for a benchmark: on the embedded store in a temporary directory (file backed, as
// users run it, not memory://) or on PostgreSQL in a throwaway schema that is dropped afterwards.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';

export type StoreKind = 'embedded' | 'postgres';

export interface BenchServer extends RunningServer {
  kind: StoreKind;
  /** The bootstrap admin's password, for servers that require credentials. */
  adminPassword: string;
  /** The PostgreSQL schema holding the server's tables (PostgreSQL only). */
  schema?: string;
  stop(): Promise<void>;
}

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function postgresUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** The URL without its password, fit to print. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** Undefined when PostgreSQL answers; otherwise why not, so the caller can skip it with a note. */
export async function postgresUnreachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The name is generated below from hex digits only, so interpolating it is safe.
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * Creates the embedded database cluster in a throwaway process. Creating a cluster (initdb) leaves
 * the process ~500 MB larger for good (WebAssembly memory never shrinks), which a server pays once on
 * its very first start; measuring from a restart shows the RSS a running installation has.
 */
async function initialiseEmbeddedStore(dir: string): Promise<void> {
  const script = `const { PGlite } = await import(process.argv[1]); const db = await PGlite.create(process.argv[2]); await db.close();`;
  const pglite = import.meta.resolve('@electric-sql/pglite');
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, pglite, dir]);
}

export async function startBenchServer(kind: StoreKind): Promise<BenchServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'runledger-bench-'));
  const adminPassword = randomBytes(12).toString('hex');
  const databaseUrl = kind === 'postgres' ? postgresUrl() : '';
  const config = loadConfig({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    RUNLEDGER_DATA_DIR: dataDir,
    // Benchmarks measure the server, not the limiter (DESIGN: "0 disables it (benchmarks use that)").
    RUNLEDGER_RATE_LIMIT: '0',
    RUNLEDGER_ADMIN_PASSWORD: adminPassword,
  });
  const schema = kind === 'postgres' ? `bench_${randomBytes(6).toString('hex')}` : undefined;
  // The server keeps its embedded store at <data dir>/store (src/runtime.ts).
  if (kind === 'embedded') await initialiseEmbeddedStore(path.join(config.dataDir, 'store'));
  const server = await startServer(config, { logger: false, ...(schema ? { store: { schema } } : {}) });
  return {
    ...server,
    kind,
    adminPassword,
    ...(schema ? { schema } : {}),
    stop: async () => {
      try {
        await server.close();
        if (schema) await dropSchema(databaseUrl, schema);
      } finally {
        await fs.rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** The stores to measure, in order; PostgreSQL is skipped with a printed note when it cannot be reached. */
export async function storesToRun(): Promise<StoreKind[]> {
  const url = postgresUrl();
  const reason = await postgresUnreachable(url);
  if (reason) console.log(`note: PostgreSQL skipped, cannot connect to ${redactUrl(url)}: ${reason}`);
  return reason ? ['embedded'] : ['embedded', 'postgres'];
}
