// Opens the store: PostgreSQL when a URL is given, otherwise embedded PGlite (same dialect, same queries).
import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { DB, Db } from './schema.js';

export interface StoreOptions {
  databaseUrl: string | undefined;
  /** Where the embedded store keeps its files; `memory://` keeps it in memory (tests). */
  embeddedDir: string;
  /** Schema to create and use on PostgreSQL (tests isolate themselves this way). */
  schema?: string;
  poolSize?: number;
}

export interface Store {
  db: Db;
  kind: 'postgres' | 'embedded';
  /** The PostgreSQL schema the store lives in, when not the default. */
  schema?: string;
  close(): Promise<void>;
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
  if (options.schema) {
    // Identifier checked against SCHEMA_NAME above; DDL cannot take it as a parameter.
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', ...(options.schema ? { schema: options.schema } : {}), close: () => db.destroy() };
}

async function openEmbedded(options: StoreOptions): Promise<Store> {
  const inMemory = options.embeddedDir.startsWith('memory://');
  if (!inMemory) await fs.mkdir(path.dirname(options.embeddedDir), { recursive: true });
  const client = await PGlite.create(inMemory ? undefined : options.embeddedDir);
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
  return { db, kind: 'embedded', close: () => db.destroy() };
}

export async function openStore(options: StoreOptions): Promise<Store> {
  return options.databaseUrl
    ? openPostgres({ ...options, databaseUrl: options.databaseUrl })
    : openEmbedded(options);
}
