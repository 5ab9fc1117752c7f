// A migrated, empty embedded store as a PGlite data directory dump. Every test server on the embedded store
// starts from a copy of it: creating a PGlite database runs initdb, which takes seconds, while loading a
// dump takes a fraction of that. The dump is cached on disk, keyed by the migrations and the PGlite version,
// so test files running in other processes share it and a changed migration makes a new one.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely } from 'kysely';
import { EmbeddedPool } from '../../src/store/embedded-pool.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { OwnSchemaDialect } from '../../src/store/own-schema-dialect.js';
import type { DB } from '../../src/store/schema.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const migrationsDir = path.join(root, 'src/store/migrations');
const cacheDir = path.join(root, 'node_modules/.cache/runledger-test');

async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  const pglite = JSON.parse(await fs.readFile(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  hash.update(pglite.version);
  for (const name of (await fs.readdir(migrationsDir)).filter((n) => !n.includes('.test.')).sort()) {
    hash.update(name).update(await fs.readFile(path.join(migrationsDir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function buildTemplate(): Promise<Blob> {
  const pool = await EmbeddedPool.open({ dataDir: undefined });
  const db = new Kysely<DB>({ dialect: new OwnSchemaDialect({ pool }) });
  try {
    await migrateToLatest(db, undefined);
    return await pool.client.dumpDataDir('none');
  } finally {
    await db.destroy();
  }
}

async function loadOrBuild(): Promise<Blob> {
  const file = path.join(cacheDir, `store-${await templateKey()}.tar`);
  try {
    return new Blob([await fs.readFile(file)]);
  } catch {
    const dump = await buildTemplate();
    await fs.mkdir(cacheDir, { recursive: true });
    // Written aside then renamed, so a test file in another process never reads half a dump.
    const partial = `${file}.${randomBytes(4).toString('hex')}`;
    await fs.writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await fs.rename(partial, file);
    return dump;
  }
}

let template: Promise<Blob> | undefined;

/** The migrated empty store's dump, built at most once per process. */
export function migratedTemplate(): Promise<Blob> {
  template ??= loadOrBuild();
  return template;
}
