// SQL models and their tests.
import { sql } from 'kysely';
import { isUuid } from '../domain/ids.js';
import type { ModelKey } from '../domain/model-dependencies.js';
import type { Db, ModelRow, ModelTestRow, Tx } from './schema.js';

export async function listProjectModels(db: Db | Tx, project: string): Promise<ModelRow[]> {
  return db.selectFrom('models').selectAll().where('project_name', '=', project).orderBy('name').execute();
}

/** Every model of every project: dependencies may cross projects. */
export async function listAllModels(db: Db | Tx): Promise<ModelRow[]> {
  return db.selectFrom('models').selectAll().orderBy('project_name').orderBy('name').execute();
}

/** The name of every model, to resolve references against (read from the (project_name, name) index). */
export async function listModelKeys(db: Db | Tx): Promise<ModelKey[]> {
  return db.selectFrom('models').select(['project_name', 'name']).execute();
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

type JsonObject = Record<string, unknown>;

/** What a create or an update writes besides the model's identity. */
export interface ModelContent {
  sql: string;
  materialization: string;
  description: string;
  tags: string[];
  depends_on: string[];
  config: JsonObject | null;
  contract: JsonObject | null;
  freshness_policy: JsonObject | null;
}

const jsonOrNull = (value: JsonObject | null) => (value === null ? null : JSON.stringify(value));

function contentColumns(content: ModelContent) {
  return {
    ...content,
    tags: JSON.stringify(content.tags),
    depends_on: JSON.stringify(content.depends_on),
    config: jsonOrNull(content.config),
    contract: jsonOrNull(content.contract),
    freshness_policy: jsonOrNull(content.freshness_policy),
  };
}

/** Under lockModels, having found no model of that name in the project. */
export async function insertModel(
  tx: Tx,
  row: Pick<ModelRow, 'id' | 'project_name' | 'name' | 'owner' | 'created_by' | 'created_at' | 'updated_at'> & ModelContent,
): Promise<ModelRow> {
  return tx.insertInto('models').values({ ...row, ...contentColumns(row) }).returningAll().executeTakeFirstOrThrow();
}

export async function updateModel(tx: Tx, id: string, changes: ModelContent & { updated_at: Date }): Promise<ModelRow> {
  return tx.updateTable('models').set({ ...contentColumns(changes), updated_at: changes.updated_at }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteModel(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('models').where('id', '=', id).execute();
}

/**
 * Serialises changes to models, so two concurrent edits cannot together close a cycle. One lock for every
 * project: a model may depend on models of other projects.
 */
export async function lockModels(tx: Tx): Promise<void> {
  await tx.selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.fn('hashtext', [eb.val('models')])]).as('locked')).execute();
}

/** The new test, or undefined when the model already has a test of that name. */
export async function insertModelTest(db: Db, row: Omit<ModelTestRow, 'config'> & { config: JsonObject }): Promise<ModelTestRow | undefined> {
  return db
    .insertInto('model_tests')
    .values({ ...row, config: JSON.stringify(row.config) })
    .onConflict((oc) => oc.columns(['model_id', 'name']).doNothing())
    .returningAll()
    .executeTakeFirst();
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
