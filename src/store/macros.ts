// SQL macros (DuckDB CREATE MACRO) managed through /v1/macros, with their revisions and compile lineage.
import type { Insertable, Selectable } from 'kysely';
import type { MacroDefinition } from '../domain/macros.js';
import { chunkRows } from './parameter-limit.js';
import type { Db, MacroRevisionsTable, MacrosTable, MacroUsagesTable, Tx } from './schema.js';

export type MacroRow = Selectable<MacrosTable>;
export type MacroRevisionRow = Selectable<MacroRevisionsTable>;
export type MacroUsageRow = Selectable<MacroUsagesTable>;
/** One model's use of one macro, as a trigger's compile found it. */
export type MacroUsage = Omit<Insertable<MacroUsagesTable>, 'first_seen_at'>;

/** Every macro a model may call, by name; a run defines them all in its warehouse session. */
export async function listMacroDefinitions(db: Db | Tx): Promise<MacroDefinition[]> {
  return db.selectFrom('macros').select(['name', 'macro_type', 'parameters', 'body']).orderBy('name').execute();
}

export async function findMacro(db: Db | Tx, name: string): Promise<MacroRow | undefined> {
  return db.selectFrom('macros').selectAll().where('name', '=', name).executeTakeFirst();
}

/** The macro whose name equals `name` but for case (DuckDB would take one for the other). */
export async function findMacroFolded(db: Db | Tx, name: string): Promise<MacroRow | undefined> {
  return db
    .selectFrom('macros')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
}

/** Locks the macro's row, so concurrent updates number their revisions one after the other. */
export async function lockMacro(tx: Tx, name: string): Promise<MacroRow | undefined> {
  return tx.selectFrom('macros').selectAll().where('name', '=', name).forUpdate().executeTakeFirst();
}

export async function pageMacros(db: Db, limit: number, afterName: string | undefined): Promise<MacroRow[]> {
  let query = db.selectFrom('macros').selectAll();
  if (afterName !== undefined) query = query.where('name', '>', afterName);
  return query.orderBy('name').limit(limit + 1).execute();
}

type StoredMacro = Omit<MacroRow, 'parameters' | 'properties' | 'tags'> & Pick<MacroDefinition, 'parameters'> & { properties: Record<string, string>; tags: string[] };

const jsonColumns = <T extends Pick<StoredMacro, 'parameters' | 'properties' | 'tags'>>(row: T) => ({
  ...row,
  parameters: JSON.stringify(row.parameters),
  properties: JSON.stringify(row.properties),
  tags: JSON.stringify(row.tags),
});

/** Undefined when the name, or the name but for case, is taken. */
export async function insertMacro(tx: Tx, row: StoredMacro): Promise<MacroRow | undefined> {
  return tx
    .insertInto('macros')
    .values(jsonColumns(row))
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateMacro(tx: Tx, id: string, changes: Omit<StoredMacro, 'id' | 'name' | 'macro_type' | 'created_by' | 'created_at'>): Promise<MacroRow> {
  return tx.updateTable('macros').set(jsonColumns(changes)).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Deletes the macro, its revisions (by cascade) and its compile lineage; false when there was none. */
export async function deleteMacro(tx: Tx, name: string): Promise<boolean> {
  const deleted = await tx.deleteFrom('macros').where('name', '=', name).executeTakeFirst();
  await tx.deleteFrom('macro_usages').where('macro_name', '=', name).execute();
  return Number(deleted.numDeletedRows) > 0;
}

export async function insertMacroRevision(tx: Tx, row: Omit<MacroRevisionRow, 'parameters'> & Pick<MacroDefinition, 'parameters'>): Promise<MacroRevisionRow> {
  return tx
    .insertInto('macro_revisions')
    .values({ ...row, parameters: JSON.stringify(row.parameters) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function latestMacroVersion(tx: Tx, macroId: string): Promise<number> {
  const row = await tx
    .selectFrom('macro_revisions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('macro_id', '=', macroId)
    .executeTakeFirst();
  return row?.version ?? 0;
}

/** Newest first, as the platform lists them. */
export async function listMacroRevisions(db: Db, macroId: string): Promise<MacroRevisionRow[]> {
  return db.selectFrom('macro_revisions').selectAll().where('macro_id', '=', macroId).orderBy('version', 'desc').execute();
}

export async function findMacroRevision(db: Db, macroId: string, version: number): Promise<MacroRevisionRow | undefined> {
  return db.selectFrom('macro_revisions').selectAll().where('macro_id', '=', macroId).where('version', '=', version).executeTakeFirst();
}

const usageOrder = (a: MacroUsage, b: MacroUsage) =>
  [a.macro_name, a.project_name, a.model_name, a.target_schema].join('\0') < [b.macro_name, b.project_name, b.model_name, b.target_schema].join('\0') ? -1 : 1;

/**
 * Records the compile lineage of macros: which models used which macro, and when. A row seen again keeps
 * when it was first seen and moves its last sighting forward (never back: triggers may commit out of order).
 * Rows are written in key order, so two triggers recording the same models cannot deadlock.
 */
export async function recordMacroUsages(tx: Tx, rows: readonly MacroUsage[]): Promise<void> {
  const values = [...rows].sort(usageOrder).map((row) => ({ ...row, first_seen_at: row.last_seen_at }));
  for (const chunk of chunkRows(values)) {
    await tx
      .insertInto('macro_usages')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .columns(['macro_name', 'project_name', 'model_name', 'target_schema'])
          .doUpdateSet((eb) => ({ last_seen_at: eb.fn('greatest', ['macro_usages.last_seen_at', eb.ref('excluded.last_seen_at')]) })),
      )
      .execute();
  }
}

/** One page of the models a macro reached, in key order (project, model, target schema). */
export async function pageMacroUsages(db: Db, macroName: string, limit: number, after: readonly [string, string, string] | undefined): Promise<MacroUsageRow[]> {
  let query = db.selectFrom('macro_usages').selectAll().where('macro_name', '=', macroName);
  if (after) query = query.where((eb) => eb(eb.refTuple('project_name', 'model_name', 'target_schema'), '>', eb.tuple(after[0], after[1], after[2])));
  return query.orderBy('project_name').orderBy('model_name').orderBy('target_schema').limit(limit + 1).execute();
}

/** The models a macro had reached by `asOf`: those a compile used it in at or before then. */
export async function listMacroUsagesAsOf(db: Db, macroName: string, asOf: Date): Promise<MacroUsageRow[]> {
  return db.selectFrom('macro_usages').selectAll().where('macro_name', '=', macroName).where('first_seen_at', '<=', asOf).execute();
}
