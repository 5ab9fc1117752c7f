// SQL models and their tests.
import { sql } from 'kysely';
import { isUuid } from '../domain/ids.js';
import type { Db, ModelRow, ModelTestRow, Tx } from './schema.js';

export async function listProjectModels(db: Db | Tx, project: string): Promise<ModelRow[]> {
  return db.selectFrom('models').selectAll().where('project_name', '=', project).orderBy('name').execute();
}

export async function findModel(db: Db | Tx, project: string, name: string): Promise<ModelRow | undefined> {
  return db.selectFrom('models').selectAll().where('project_name', '=', project).where('name', '=', name).executeTakeFirst();
}

export async function listModels(db: Db, project: string | undefined, limit: number, after: readonly [string, string] | undefined): Promise<ModelRow[]> {
  let query = db.selectFrom('models').selectAll();
  if (project) query = query.where('project_name', '=', project);
  if (after) query = query.where((eb) => eb(eb.refTuple('project_name', 'name'), '>', eb.tuple(after[0], after[1])));
  return query.orderBy('project_name').orderBy('name').limit(limit + 1).execute();
}

type ModelColumns = Omit<ModelRow, 'tags' | 'depends_on' | 'owner' | 'config' | 'contract' | 'freshness_policy'>;

export async function insertModel(tx: Tx, row: ModelColumns & { tags: string[]; depends_on: string[] }): Promise<ModelRow | undefined> {
  return tx
    .insertInto('models')
    .values({ ...row, tags: JSON.stringify(row.tags), depends_on: JSON.stringify(row.depends_on) })
    .onConflict((oc) => oc.columns(['project_name', 'name']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateModel(
  tx: Tx,
  id: string,
  changes: { sql: string; materialization: string; description: string; tags: string[]; depends_on: string[]; updated_at: Date },
): Promise<ModelRow> {
  return tx
    .updateTable('models')
    .set({ ...changes, tags: JSON.stringify(changes.tags), depends_on: JSON.stringify(changes.depends_on) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteModel(db: Db, id: string): Promise<void> {
  await db.deleteFrom('models').where('id', '=', id).execute();
}

/** Serialises model changes within a project, so two concurrent edits cannot together close a cycle. */
export async function lockProject(tx: Tx, project: string): Promise<void> {
  await tx.selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.fn('hashtext', [eb.val(`models:${project}`)])]).as('locked')).execute();
}

export async function insertModelTest(db: Db, row: Omit<ModelTestRow, 'config'> & { config: Record<string, unknown> }): Promise<ModelTestRow> {
  return db.insertInto('model_tests').values({ ...row, config: JSON.stringify(row.config) }).returningAll().executeTakeFirstOrThrow();
}

export async function listModelTests(db: Db, modelIds: readonly string[]): Promise<ModelTestRow[]> {
  if (modelIds.length === 0) return [];
  return db.selectFrom('model_tests').selectAll().where(sql<boolean>`model_id = ANY(${modelIds}::uuid[])`).orderBy('name').orderBy('id').execute();
}

/** One page of a model's tests, by name; keyset on (name, id). */
export async function pageModelTests(db: Db, modelId: string, limit: number, after: readonly [string, string] | undefined): Promise<ModelTestRow[]> {
  let query = db.selectFrom('model_tests').selectAll().where('model_id', '=', modelId);
  if (after) query = query.where((eb) => eb(eb.refTuple('name', 'id'), '>', eb.tuple(after[0], after[1])));
  return query.orderBy('name').orderBy('id').limit(limit + 1).execute();
}

export async function deleteModelTest(db: Db, modelId: string, testId: string): Promise<boolean> {
  if (!isUuid(testId)) return false;
  const result = await db.deleteFrom('model_tests').where('model_id', '=', modelId).where('id', '=', testId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
