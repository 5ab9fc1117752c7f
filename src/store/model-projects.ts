// Settings of a models project: the vars its templates read and the sources they name.
import type { ProjectSettings } from '../domain/model-settings.js';
import type { Db, Tx } from './schema.js';

const EMPTY: ProjectSettings = { vars: {}, sources: {} };

/** A project's settings; one nobody has set has none. */
export async function findProjectSettings(db: Db | Tx, project: string): Promise<ProjectSettings> {
  const row = await db.selectFrom('model_projects').select(['vars', 'sources']).where('name', '=', project).executeTakeFirst();
  return row ? { vars: row.vars, sources: row.sources as ProjectSettings['sources'] } : EMPTY;
}

export async function saveProjectSettings(db: Db | Tx, project: string, settings: ProjectSettings, now: Date): Promise<void> {
  const values = { vars: JSON.stringify(settings.vars), sources: JSON.stringify(settings.sources), updated_at: now };
  await db
    .insertInto('model_projects')
    .values({ name: project, ...values, created_at: now })
    .onConflict((oc) => oc.column('name').doUpdateSet(values))
    .execute();
}
