// SQL macros (DuckDB CREATE MACRO) managed through /v1/macros, with their revisions and compile lineage.
import type { MacroDefinition } from '../domain/macros.js';
import type { Db, Tx } from './schema.js';

/** Every macro a model may call, by name; a run defines them all in its warehouse session. */
export async function listMacroDefinitions(db: Db | Tx): Promise<MacroDefinition[]> {
  return db.selectFrom('macros').select(['name', 'macro_type', 'parameters', 'body']).orderBy('name').execute();
}
