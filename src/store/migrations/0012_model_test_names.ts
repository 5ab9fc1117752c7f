// Frozen once landed: never edit, add a new migration instead.
import { sql, type Kysely } from 'kysely';

// A model's tests are named uniquely, as the platform's are (a duplicate name is a 409). Tests that already
// share a name keep the oldest as it is; the others get their id appended, so no test is lost.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    UPDATE model_tests t SET name = t.name || ' (' || t.id || ')'
    WHERE EXISTS (
      SELECT 1 FROM model_tests o
      WHERE o.model_id = t.model_id AND o.name = t.name AND (o.created_at, o.id) < (t.created_at, t.id)
    )`.execute(db);
  await db.schema.dropIndex('model_tests_model').execute();
  // Also the lookup path of a model's tests, by name.
  await db.schema.createIndex('model_tests_model_name').on('model_tests').columns(['model_id', 'name']).unique().execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('model_tests_model_name').execute();
  await db.schema.createIndex('model_tests_model').on('model_tests').columns(['model_id', 'name']).execute();
}
