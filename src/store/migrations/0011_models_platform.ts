// Frozen once landed: never edit, add a new migration instead.
import { sql, type Kysely } from 'kysely';

// The Models API as the DuckDB Data Platform defines it: model metadata, compile artefacts of runs,
// macros with revisions, the compile lineage of macros, and per-project settings (vars and sources).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('models')
    .addColumn('owner', 'text')
    .addColumn('config', 'jsonb')
    .addColumn('contract', 'jsonb')
    .addColumn('freshness_policy', 'jsonb')
    .execute();
  await db.schema.alterTable('runs').addColumn('vars', 'jsonb').addColumn('compile_manifest', 'text').addColumn('compile_diagnostics', 'jsonb').execute();
  await db.schema.alterTable('run_steps').addColumn('vars_used', 'jsonb').addColumn('macros_used', 'jsonb').execute();
  // Freshness and state:modified read a model's latest successful build.
  await sql`CREATE INDEX run_steps_model_builds ON run_steps (model_name, finished_at) WHERE status = 'SUCCESS' AND compiled_hash IS NOT NULL`.execute(db);

  await db.schema
    .createTable('macros')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('macro_type', 'text', (c) => c.notNull())
    .addColumn('parameters', 'jsonb', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('catalog_name', 'text')
    .addColumn('project_name', 'text')
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('properties', 'jsonb', (c) => c.notNull())
    .addColumn('tags', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('macro_revisions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('macro_id', 'uuid', (c) => c.notNull().references('macros.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('parameters', 'jsonb', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // Also the lookup path of a macro's revisions, newest last.
    .addUniqueConstraint('macro_revisions_version', ['macro_id', 'version'])
    .execute();

  // Which models a macro reached at their latest compile (the platform's "compile lineage").
  await db.schema
    .createTable('macro_usages')
    .addColumn('macro_name', 'text', (c) => c.notNull())
    .addColumn('project_name', 'text', (c) => c.notNull())
    .addColumn('model_name', 'text', (c) => c.notNull())
    .addColumn('target_schema', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('macro_usages_pk', ['macro_name', 'project_name', 'model_name', 'target_schema'])
    .execute();
  await db.schema.createIndex('macro_usages_model').on('macro_usages').columns(['project_name', 'model_name']).execute();

  await db.schema
    .createTable('model_projects')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('vars', 'jsonb', (c) => c.notNull())
    .addColumn('sources', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['model_projects', 'macro_usages', 'macro_revisions', 'macros']) await db.schema.dropTable(table).execute();
  await sql`DROP INDEX run_steps_model_builds`.execute(db);
  await db.schema.alterTable('run_steps').dropColumn('vars_used').dropColumn('macros_used').execute();
  await db.schema.alterTable('runs').dropColumn('vars').dropColumn('compile_manifest').dropColumn('compile_diagnostics').execute();
  await db.schema.alterTable('models').dropColumn('owner').dropColumn('config').dropColumn('contract').dropColumn('freshness_policy').execute();
}
