// A model's builds: the successful steps that materialised it, newest first.
import type { Db } from './schema.js';

export interface ModelBuild {
  finished_at: Date;
  /** The schema the run built into; null for runs that built into the project's own. */
  target_schema: string | null;
}

/** The model's last successful build (through the run_steps_model_builds index). */
export async function findLastBuild(db: Db, project: string, model: string): Promise<ModelBuild | undefined> {
  const row = await db
    .selectFrom('run_steps as s')
    .innerJoin('runs as r', 'r.id', 's.run_id')
    .select(['s.finished_at', 'r.target_schema'])
    .where('s.status', '=', 'SUCCESS')
    .where('s.compiled_hash', 'is not', null)
    // A step names its model bare, or qualified as project.name as the platform returns it.
    .where('s.model_name', 'in', [model, `${project}.${model}`])
    .where('r.project_name', '=', project)
    .where('s.finished_at', 'is not', null)
    .orderBy('s.finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.finished_at ? { finished_at: row.finished_at, target_schema: row.target_schema } : undefined;
}
