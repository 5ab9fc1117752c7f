// Frozen once landed: never edit, add a new migration instead.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  // Provena's job-api table: asynchronous prov-api work, executed by the same workers as triggered runs.
  await db.schema
    .createTable('provena_jobs')
    .addColumn('session_id', 'uuid', (c) => c.primaryKey())
    .addColumn('batch_id', 'uuid')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('job_type', 'text', (c) => c.notNull())
    .addColumn('job_sub_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('result', 'jsonb')
    .addColumn('info', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('worker_id', 'text')
    .addColumn('lease_expires_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // A user's jobs and a batch's jobs, newest first, keyset-paged on (created_at, session_id).
  await sql`CREATE INDEX provena_jobs_owner ON provena_jobs (owner_id, created_at DESC, session_id DESC)`.execute(db);
  await sql`CREATE INDEX provena_jobs_batch ON provena_jobs (batch_id, created_at DESC, session_id DESC) WHERE batch_id IS NOT NULL`.execute(db);
  // Workers claim the oldest PENDING job, and reap IN_PROGRESS ones whose lease lapsed.
  await sql`CREATE INDEX provena_jobs_pending ON provena_jobs (created_at, session_id) WHERE status = 'PENDING'`.execute(db);
  await sql`CREATE INDEX provena_jobs_leases ON provena_jobs (lease_expires_at) WHERE status = 'IN_PROGRESS'`.execute(db);

  // Which registered model run asserted which lineage edge: an edge leaves the graph only when the last
  // record asserting it lets go of it (Provena keeps record_ids on every link for the same reason).
  await db.schema
    .createTable('lineage_edge_records')
    .addColumn('record_id', 'uuid', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lineage_edge_records_pk', ['record_id', 'source', 'target', 'relation'])
    .execute();
  // "Who else asserts this edge?"
  await db.schema.createIndex('lineage_edge_records_edge').on('lineage_edge_records').columns(['source', 'target', 'relation']).execute();

  // The records a model run had before each update, with the reason given for replacing it.
  await db.schema
    .createTable('model_run_record_history')
    .addColumn('run_id', 'uuid', (c) => c.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('record', 'jsonb', (c) => c.notNull())
    .addColumn('prov_json', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('replaced_by', 'text')
    .addColumn('replaced_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_run_record_history_pk', ['run_id', 'version'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('model_run_record_history').execute();
  await db.schema.dropTable('lineage_edge_records').execute();
  await db.schema.dropTable('provena_jobs').execute();
}
