import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openStore, type Store } from '../database.js';
import { migrateToLatest, migrateUpTo } from '../migrate.js';

// On PostgreSQL when DATABASE_URL is set (in a schema of its own), else on the embedded store.
const databaseUrl = process.env.DATABASE_URL;
const schema = databaseUrl ? `t_${randomBytes(6).toString('hex')}` : undefined;
let store: Store;
before(async () => {
  store = await openStore({ databaseUrl, embeddedDir: 'memory://', ...(schema ? { schema } : {}) });
  await migrateUpTo(store.db, '0011_models_platform', schema);
});
after(async () => {
  if (schema) await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(store.db);
  await store.close();
});

describe('migration 0013', () => {
  it('names the steps of triggered runs project.name, with their SELECT; other steps are left alone', async () => {
    const now = new Date();
    const run = (id: string, kind: string) => ({ id, kind, status: 'SUCCESS', display_name: 'r', project_name: kind === 'triggered' ? 'shop' : null, created_at: now });
    await store.db.insertInto('runs').values([run('00000000-0000-7000-8000-000000000001', 'triggered'), run('00000000-0000-7000-8000-000000000002', 'ingested')]).execute();
    const step = (id: string, runId: string, model: string, sql: string | null, depends: string[]) => ({
      id,
      run_id: runId,
      position: 0,
      model_name: model,
      status: 'SUCCESS',
      compiled_sql: sql,
      depends_on: JSON.stringify(depends),
      created_at: now,
    });
    await store.db
      .insertInto('run_steps')
      .values([
        step('00000000-0000-7000-8000-00000000000a', '00000000-0000-7000-8000-000000000001', 'totals', 'CREATE OR REPLACE TABLE "shop"."dev"."to""tals" AS SELECT 1 AS "x"', ['raw', 'orders']),
        step('00000000-0000-7000-8000-00000000000b', '00000000-0000-7000-8000-000000000001', 'raw', 'CREATE OR REPLACE VIEW "shop"."shop"."raw" AS SELECT * FROM read_csv(\'a.csv\')', []),
        step('00000000-0000-7000-8000-00000000000c', '00000000-0000-7000-8000-000000000002', 'openai:chat', null, ['x']),
      ])
      .execute();
    await migrateToLatest(store.db, schema);
    const rows = await store.db.selectFrom('run_steps').select(['model_name', 'compiled_sql', 'depends_on']).orderBy('id').execute();
    assert.deepEqual(rows, [
      { model_name: 'shop.totals', compiled_sql: 'SELECT 1 AS "x"', depends_on: ['shop.raw', 'shop.orders'] },
      { model_name: 'shop.raw', compiled_sql: "SELECT * FROM read_csv('a.csv')", depends_on: [] },
      { model_name: 'openai:chat', compiled_sql: null, depends_on: ['x'] },
    ]);
  });
});
