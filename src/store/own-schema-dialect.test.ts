// Stores sharing one PostgreSQL database, each in its own schema: one migrates while others come and go.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore, type Store } from './database.js';
import { migrateToLatest } from './migrate.js';

const databaseUrl = process.env.DATABASE_URL;
const freshSchema = () => `t_${randomBytes(6).toString('hex')}`;
const opened: Store[] = [];

async function migratedStore(): Promise<{ store: Store; schema: string }> {
  const schema = freshSchema();
  const store = await openStore({ databaseUrl, embeddedDir: 'memory://', schema, poolSize: 2 });
  opened.push(store);
  await migrateToLatest(store.db, schema);
  return { store, schema };
}

/** Another client making and dropping schemas with tables in them, as fast as it can, until told to stop. */
function churnSchemas(): { stop: () => Promise<number> } {
  let stopping = false;
  const done = (async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    let dropped = 0;
    try {
      while (!stopping) {
        const schema = freshSchema();
        await client.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.passing (n int)`);
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        dropped++;
      }
    } finally {
      await client.end();
    }
    return dropped;
  })();
  return { stop: () => ((stopping = true), done) };
}

describe('a store beside others in one PostgreSQL database', { skip: databaseUrl ? false : 'needs DATABASE_URL' }, () => {
  after(async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    for (const store of opened) {
      await store.close();
      await client.query(`DROP SCHEMA IF EXISTS ${store.schema} CASCADE`);
    }
    await client.end();
  });

  it('migrates while other clients drop their schemas', async () => {
    const churners = [churnSchemas(), churnSchemas()];
    const migrated: string[][] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const { store } = await migratedStore();
        const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(store.db);
        migrated.push(rows.map((r) => r.name));
      }
    } finally {
      const dropped = await Promise.all(churners.map((c) => c.stop()));
      assert.ok(dropped.every((n) => n > 0), `each churner dropped schemas meanwhile (${dropped.join(', ')})`);
    }
    assert.equal(migrated.length, 8);
    assert.ok(migrated.every((names) => names.length === migrated[0]!.length && names.length > 0));
  });

  it('reads the catalog of its own schema only', async () => {
    const { store, schema } = await migratedStore();
    const stranger = freshSchema();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${stranger}; CREATE TABLE ${stranger}.stranger (n int)`);
      const tables = await store.db.introspection.getTables();
      assert.ok(tables.some((t) => t.name === 'runs' && t.columns.some((c) => c.name === 'id')));
      assert.deepEqual([...new Set(tables.map((t) => t.schema))], [schema]);
      assert.equal(tables.some((t) => t.name === 'kysely_migration'), false);
      const withInternal = await store.db.introspection.getTables({ withInternalKyselyTables: true });
      assert.ok(withInternal.some((t) => t.name === 'kysely_migration'));
      assert.ok((await store.db.introspection.getSchemas()).some((s) => s.name === stranger));
    } finally {
      await client.query(`DROP SCHEMA ${stranger} CASCADE`);
      await client.end();
    }
  });
});
