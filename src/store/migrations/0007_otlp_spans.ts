// Frozen once landed: never edit, add a new migration instead.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  // The trace (32 hex digits) a run assembled from OTLP spans stands for; NULL for every other run, which is
  // how a span whose trace id names another run's id is told apart and refused.
  await db.schema.alterTable('runs').addColumn('trace_id', 'text').execute();

  await db.schema
    .alterTable('run_steps')
    // Spans nest: the parent's step id is known (it derives from trace and span id) before the parent arrives,
    // so it carries no foreign key.
    .addColumn('parent_step_id', 'uuid')
    .addColumn('span_id', 'text')
    .addColumn('span_kind', 'text')
    .addColumn('attributes', 'jsonb')
    .addColumn('events', 'jsonb')
    .addColumn('usage', 'jsonb')
    // SHA-256 of the span as received: a repeated span is compared by it.
    .addColumn('span_hash', 'text')
    .execute();
  // A span is stored once per run; also the lookup of a repeated span.
  await sql`CREATE UNIQUE INDEX run_steps_span ON run_steps (run_id, span_id) WHERE span_id IS NOT NULL`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX run_steps_span`.execute(db);
  await db.schema
    .alterTable('run_steps')
    .dropColumn('parent_step_id')
    .dropColumn('span_id')
    .dropColumn('span_kind')
    .dropColumn('attributes')
    .dropColumn('events')
    .dropColumn('usage')
    .dropColumn('span_hash')
    .execute();
  await db.schema.alterTable('runs').dropColumn('trace_id').execute();
}
