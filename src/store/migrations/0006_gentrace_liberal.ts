// Frozen once landed: never edit, add a new migration instead.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  // The fields of an ingested step run that runledger does not interpret (a 3.x SDK's cost, …), as sent.
  await db.schema.alterTable('run_steps').addColumn('extra', 'jsonb').execute();

  // Test results belong to a run: SQL model tests through their step, LLM evaluations (sent with a pipeline
  // run, not with one of its step runs) directly, so those have no step.
  await db.schema
    .alterTable('test_results')
    .addColumn('run_id', 'uuid', (c) => c.references('runs.id').onDelete('cascade'))
    // An evaluation's numeric value and label, and the evaluation as sent.
    .addColumn('score', 'double precision')
    .addColumn('label', 'text')
    .addColumn('evaluation', 'jsonb')
    .execute();
  await sql`UPDATE test_results SET run_id = s.run_id FROM run_steps s WHERE s.id = test_results.run_step_id`.execute(db);
  await sql`ALTER TABLE test_results ALTER COLUMN run_id SET NOT NULL`.execute(db);
  await sql`ALTER TABLE test_results ALTER COLUMN run_step_id DROP NOT NULL`.execute(db);
  // GET /model-runs/{id}/test-results: a run's results in (test_name, id) order, the keyset of its pages.
  await db.schema.createIndex('test_results_run').on('test_results').columns(['run_id', 'test_name', 'id']).execute();

  // Gentrace v4 pipelines carry a folder; GET /api/v4/pipelines?folderId= lists one folder's by slug.
  await db.schema.alterTable('pipelines').addColumn('folder_id', 'uuid').execute();
  await sql`CREATE INDEX pipelines_folder_slug ON pipelines (folder_id, slug) WHERE folder_id IS NOT NULL`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX pipelines_folder_slug`.execute(db);
  await db.schema.alterTable('pipelines').dropColumn('folder_id').execute();
  await sql`DROP INDEX test_results_run`.execute(db);
  // Evaluations have no step to keep them by.
  await sql`DELETE FROM test_results WHERE run_step_id IS NULL`.execute(db);
  await sql`ALTER TABLE test_results ALTER COLUMN run_step_id SET NOT NULL`.execute(db);
  await db.schema.alterTable('test_results').dropColumn('run_id').dropColumn('score').dropColumn('label').dropColumn('evaluation').execute();
  await db.schema.alterTable('run_steps').dropColumn('extra').execute();
}
