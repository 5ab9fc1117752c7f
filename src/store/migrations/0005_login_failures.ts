// Frozen once landed: never edit, add a new migration instead.
import { type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  // Failed logins per username and per client IP, in fixed windows. In the store rather than in process
  // memory, so that every server process counts the same guesses and a restart does not reset them.
  await db.schema
    .createTable('login_failures')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull())
    // The key of every attempt's upsert.
    .addPrimaryKeyConstraint('login_failures_pkey', ['scope', 'subject'])
    .execute();
  // Pruning lapsed windows.
  await db.schema.createIndex('login_failures_window').on('login_failures').column('window_started_at').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_failures').execute();
}
