// Frozen once landed: never edit, add a new migration instead.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('models')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('project_name', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sql', 'text', (c) => c.notNull())
    .addColumn('materialization', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tags', 'jsonb', (c) => c.notNull())
    .addColumn('depends_on', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    // Also the lookup path of GET /models/{project}/{name} and of a project's DAG.
    .addUniqueConstraint('models_project_name', ['project_name', 'name'])
    .execute();

  await db.schema
    .createTable('model_tests')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('model_id', 'uuid', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('test_type', 'text', (c) => c.notNull())
    .addColumn('column_name', 'text')
    .addColumn('config', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('model_tests_model').on('model_tests').columns(['model_id', 'name']).execute();

  await db.schema
    .alterTable('runs')
    .addColumn('worker_id', 'text')
    .addColumn('lease_expires_at', 'timestamptz')
    .addColumn('target_schema', 'text')
    .execute();
  // The claim rule "one executing run per project" as a constraint, so no race between workers can break it.
  await sql`CREATE UNIQUE INDEX runs_one_running_per_project ON runs (project_name)
            WHERE kind = 'triggered' AND status = 'RUNNING'`.execute(db);
  // Workers claim the oldest PENDING triggered run and reap RUNNING ones whose lease lapsed.
  await sql`CREATE INDEX runs_queue ON runs (status, created_at) WHERE kind = 'triggered'`.execute(db);

  await db.schema
    .createTable('run_steps')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('run_id', 'uuid', (c) => c.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('tier', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('model_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('materialization', 'text')
    .addColumn('compiled_sql', 'text')
    .addColumn('compiled_hash', 'text')
    .addColumn('depends_on', 'jsonb', (c) => c.notNull())
    .addColumn('rows_affected', 'bigint')
    .addColumn('output_entity_id', 'text')
    .addColumn('worker_id', 'text')
    // Ingested LLM step runs (Gentrace): who was called, how, with what, and what came back.
    .addColumn('provider_name', 'text')
    .addColumn('invocation', 'text')
    .addColumn('model_params', 'jsonb')
    .addColumn('inputs', 'jsonb')
    .addColumn('outputs', 'jsonb')
    .addColumn('context', 'jsonb')
    .addColumn('elapsed_time', 'integer')
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('error_message', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('run_steps_run').on('run_steps').columns(['run_id', 'position']).execute();

  await db.schema
    .createTable('test_results')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('run_step_id', 'uuid', (c) => c.notNull().references('run_steps.id').onDelete('cascade'))
    .addColumn('test_id', 'uuid')
    .addColumn('test_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rows_returned', 'bigint')
    .addColumn('error_message', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('test_results_step').on('test_results').columns(['run_step_id', 'test_name']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['test_results', 'run_steps', 'model_tests', 'models']) await db.schema.dropTable(table).execute();
  await sql`DROP INDEX runs_one_running_per_project`.execute(db);
  await sql`DROP INDEX runs_queue`.execute(db);
  await db.schema.alterTable('runs').dropColumn('worker_id').dropColumn('lease_expires_at').dropColumn('target_schema').execute();
}
