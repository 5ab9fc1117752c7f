// SQL macros (DuckDB CREATE MACRO) managed through /v1/macros, with their revisions and compile lineage.
import type { MacroDefinition } from '../domain/macros.js';
import { chunkRows } from './parameter-limit.js';
import type { Db, Tx } from './schema.js';

/** Every macro a model may call, by name; a run defines them all in its warehouse session. */
export async function listMacroDefinitions(db: Db | Tx): Promise<MacroDefinition[]> {
  return db.selectFrom('macros').select(['name', 'macro_type', 'parameters', 'body']).orderBy('name').execute();
}

export interface MacroUsage {
  macro_name: string;
  project_name: string;
  model_name: string;
  target_schema: string;
  last_seen_at: Date;
}

/** The compile lineage of macros: which models a compile found calling which macro, and when last. */
export async function recordMacroUsages(tx: Tx, rows: readonly MacroUsage[]): Promise<void> {
  for (const chunk of chunkRows(rows)) {
    await tx
      .insertInto('macro_usages')
      .values(chunk)
      .onConflict((oc) => oc.columns(['macro_name', 'project_name', 'model_name', 'target_schema']).doUpdateSet((eb) => ({ last_seen_at: eb.ref('excluded.last_seen_at') })))
      .execute();
  }
}
