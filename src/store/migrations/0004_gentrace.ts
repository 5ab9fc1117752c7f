// Frozen once landed: never edit, add a new migration instead.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  // Gentrace pipelines, created on first use by slug (or, on the original API, by name).
  await db.schema
    .createTable('pipelines')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    // The unique constraint is also the lookup path of every ingestion and the keyset of GET /api/v1/pipelines.
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();

  await db.schema
    .alterTable('runs')
    .addColumn('pipeline_id', 'uuid', (c) => c.references('pipelines.id'))
    // SHA-256 of the canonical JSON of an ingested request: a resubmitted id is compared by it (idempotency).
    .addColumn('request_hash', 'text')
    .execute();
  // Runs of a pipeline, newest first; partial, since only ingested runs belong to a pipeline.
  await sql`CREATE INDEX runs_pipeline_created ON runs (pipeline_id, created_at DESC, id DESC)
            WHERE pipeline_id IS NOT NULL`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX runs_pipeline_created`.execute(db);
  await db.schema.alterTable('runs').dropColumn('pipeline_id').dropColumn('request_hash').execute();
  await db.schema.dropTable('pipelines').execute();
}
