// What compiling a triggered run reads besides the project's settings and macros: every model (ref() may
// name one of any project) and the latest build of each model into the run's target schema.
import { sql } from 'kysely';
import type { Db, ModelRow } from './schema.js';

export async function listAllModels(db: Db): Promise<ModelRow[]> {
  return db.selectFrom('models').selectAll().orderBy('project_name').orderBy('name').execute();
}

export interface LatestBuild {
  /** Qualified `project.name`, as steps name models. */
  model_name: string;
  materialization: string | null;
  compiled_hash: string;
}

/**
 * The latest successful step of each of `models` in a triggered run of `project` into `schema`: whether a
 * model was built there before (is_incremental()) and what it was built from (state:modified). Walks the
 * partial index run_steps_model_builds, newest first per model.
 */
export async function latestBuilds(db: Db, project: string, schema: string, models: readonly string[]): Promise<Map<string, LatestBuild>> {
  if (models.length === 0) return new Map();
  const rows = await sql<LatestBuild>`
    SELECT DISTINCT ON (s.model_name) s.model_name, s.materialization, s.compiled_hash
      FROM run_steps s JOIN runs r ON r.id = s.run_id
     WHERE s.model_name = ANY(${[...models]}::text[]) AND s.status = 'SUCCESS' AND s.compiled_hash IS NOT NULL
       AND r.kind = 'triggered' AND r.project_name = ${project} AND r.target_schema = ${schema}
     ORDER BY s.model_name, s.finished_at DESC`.execute(db);
  return new Map(rows.rows.map((r) => [r.model_name, r]));
}
