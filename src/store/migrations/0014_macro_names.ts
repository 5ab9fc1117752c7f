// Frozen once landed: never edit, add a new migration instead.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  // DuckDB resolves function names without regard to case: two macros whose names differ only in case
  // would replace one another in a warehouse session, so the store refuses the second.
  await sql`CREATE UNIQUE INDEX macros_name_folded ON macros (lower(name))`.execute(db);
  // A revision's diff reports the models a macro reached as of that revision: the first compile that
  // used it says since when.
  await db.schema.alterTable('macro_usages').addColumn('first_seen_at', 'timestamptz').execute();
  await sql`UPDATE macro_usages SET first_seen_at = last_seen_at`.execute(db);
  await sql`ALTER TABLE macro_usages ALTER COLUMN first_seen_at SET NOT NULL`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('macro_usages').dropColumn('first_seen_at').execute();
  await sql`DROP INDEX macros_name_folded`.execute(db);
}
