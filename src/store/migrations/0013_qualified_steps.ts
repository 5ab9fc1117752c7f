// Frozen once landed: never edit, add a new migration instead.
import { sql, type Kysely } from 'kysely';

// Steps of triggered runs as the Data Platform names them: model_name and depends_on qualified as
// `project.name`, compiled_sql the model's SELECT without the statement that materialised it. A step also
// keeps how it builds (materialization settings, contract, the full-build SELECT of an incremental model),
// fixed when the run was compiled.
const MATERIALISE_HEAD = '^CREATE OR REPLACE (VIEW|TABLE) ("([^"]|"")*"\\.){2}"([^"]|"")*" AS ';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('run_steps').addColumn('build', 'jsonb').execute();
  // Project names never hold a dot, so a name with none is one this migration has not rewritten yet.
  await sql`
    UPDATE run_steps s
       SET model_name = r.project_name || '.' || s.model_name,
           depends_on = COALESCE(
             (SELECT jsonb_agg(r.project_name || '.' || d.name ORDER BY d.n) FROM jsonb_array_elements_text(s.depends_on) WITH ORDINALITY AS d(name, n)),
             '[]'::jsonb),
           compiled_sql = regexp_replace(s.compiled_sql, ${MATERIALISE_HEAD}, '')
      FROM runs r
     WHERE r.id = s.run_id AND r.kind = 'triggered' AND r.project_name IS NOT NULL AND position('.' in s.model_name) = 0`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('run_steps').dropColumn('build').execute();
}
