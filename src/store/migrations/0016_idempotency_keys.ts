// Frozen once landed: never edit, add a new migration instead.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  // A batch lodge's client names each record with a key of its own; the key's row commits with the run it made,
  // so a batch sent again (its answer lost, an import resumed) finds the run instead of lodging a second one.
  // Keys are per caller: one user's keys never answer for another's.
  await db.schema
    .createTable('run_idempotency_keys')
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('run_id', 'uuid', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('run_idempotency_keys_pkey', ['owner_id', 'key'])
    // Deferred: the key is claimed first, so that a concurrent batch with the same key waits on it, and the
    // run it names is inserted later in the same transaction.
    .addForeignKeyConstraint('run_idempotency_keys_run_fk', ['run_id'], 'runs', ['id'], (fk) =>
      fk.onDelete('cascade').deferrable().initiallyDeferred(),
    )
    .execute();
  // The cascade from a deleted run.
  await db.schema.createIndex('run_idempotency_keys_run').on('run_idempotency_keys').column('run_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('run_idempotency_keys').execute();
}
