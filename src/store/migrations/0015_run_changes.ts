// Frozen once landed: never edit, add a new migration instead.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  // /events pushes runs that changed. A trigger rather than every writer remembering to set the column:
  // runs change status in several places (claims, finishes, cancels, lease reaps, span batches).
  await db.schema.alterTable('runs').addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`)).execute();
  await sql`UPDATE runs SET updated_at = coalesce(finished_at, started_at, created_at)`.execute(db);
  await sql`CREATE FUNCTION runledger_touch_run() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.updated_at := clock_timestamp();
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER runs_touch BEFORE UPDATE ON runs FOR EACH ROW EXECUTE FUNCTION runledger_touch_run()`.execute(db);
  await sql`CREATE INDEX runs_updated ON runs (updated_at, id)`.execute(db);
  // The runs list's other filters, each newest first like the list itself.
  await sql`CREATE INDEX runs_project_created ON runs (project_name, created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX runs_created_by_created ON runs (created_by, created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX run_steps_model_run ON run_steps (model_name, run_id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX run_steps_model_run`.execute(db);
  await sql`DROP INDEX runs_created_by_created`.execute(db);
  await sql`DROP INDEX runs_project_created`.execute(db);
  await sql`DROP INDEX runs_updated`.execute(db);
  await sql`DROP TRIGGER runs_touch ON runs`.execute(db);
  await sql`DROP FUNCTION runledger_touch_run()`.execute(db);
  await db.schema.alterTable('runs').dropColumn('updated_at').execute();
}
