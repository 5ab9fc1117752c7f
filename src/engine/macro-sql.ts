// The statement that defines a macro (from /v1/macros) in a warehouse session, as DuckDB's CREATE MACRO.
import type { MacroDefinition } from '../domain/macros.js';
import { quoteIdent, type WarehouseSession } from './warehouse.js';

/**
 * Defined in the session's current schema, not TEMP: a view that calls a macro binds the call whenever it is
 * read, in any later session, so the macro must live beside it. The closing parenthesis goes on a line of its
 * own, so a body may end in a `--` comment.
 */
export function macroDdl(macro: MacroDefinition, options: { temporary?: boolean } = {}): string {
  const params = macro.parameters.map(quoteIdent).join(', ');
  const body = macro.macro_type === 'TABLE' ? `TABLE ${macro.body}` : `(${macro.body}\n)`;
  return `CREATE OR REPLACE ${options.temporary ? 'TEMP ' : ''}MACRO ${quoteIdent(macro.name)}(${params}) AS ${body}`;
}

/**
 * Defines macros in a session through `run`. DuckDB binds a macro's body when the macro is created (since
 * 1.4), so one that calls another must come after it: the macros that failed are tried again for as long
 * as a round defines any. Returns DuckDB's message for each macro it could not define.
 */
export async function defineMacros(
  run: (sql: string) => Promise<unknown>,
  macros: readonly MacroDefinition[],
  options: { temporary?: boolean } = {},
): Promise<Map<string, string>> {
  let pending = [...macros];
  const failures = new Map<string, string>();
  while (pending.length > 0) {
    failures.clear();
    for (const macro of pending) {
      try {
        await run(macroDdl(macro, options));
      } catch (err) {
        failures.set(macro.name, err instanceof Error ? err.message : String(err));
      }
    }
    if (failures.size === pending.length) break;
    pending = pending.filter((m) => failures.has(m.name));
  }
  return failures;
}

/**
 * Makes the macros of a run's schema those of /v1/macros: each defined (or redefined), and those since deleted
 * dropped. A macro DuckDB refuses here is left out; a model that calls it fails its step with DuckDB's message.
 */
export async function syncMacros(session: WarehouseSession, catalog: string, schema: string, macros: readonly MacroDefinition[]): Promise<void> {
  await defineMacros((sql) => session.execute(sql), macros);
  const present = await session.query(
    "SELECT DISTINCT function_name, function_type FROM duckdb_functions() WHERE database_name = $1 AND schema_name = $2 AND function_type IN ('macro', 'table_macro') AND NOT internal",
    [catalog, schema],
  );
  const kept = new Set(macros.map((m) => m.name.toLowerCase()));
  for (const [name, type] of present.rows as [string, string][]) {
    if (!kept.has(name.toLowerCase())) await session.execute(`DROP MACRO ${type === 'table_macro' ? 'TABLE ' : ''}IF EXISTS ${quoteIdent(name)}`);
  }
}
