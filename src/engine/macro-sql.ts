// The statement that defines a macro (from /v1/macros) in a warehouse session, as DuckDB's CREATE MACRO.
import type { MacroDefinition } from '../domain/macros.js';
import { quoteIdent } from './warehouse.js';

/**
 * TEMP: a macro lives for the session that runs a model, so the warehouse file keeps none of them. The
 * closing parenthesis goes on a line of its own, so a body may end in a `--` comment.
 */
export function macroDdl(macro: MacroDefinition): string {
  const params = macro.parameters.map(quoteIdent).join(', ');
  const body = macro.macro_type === 'TABLE' ? `TABLE ${macro.body}` : `(${macro.body}\n)`;
  return `CREATE OR REPLACE TEMP MACRO ${quoteIdent(macro.name)}(${params}) AS ${body}`;
}

/**
 * Defines macros in a session through `run`. DuckDB binds a macro's body when the macro is created (since
 * 1.4), so one that calls another must come after it: the macros that failed are tried again for as long
 * as a round defines any. Returns DuckDB's message for each macro it could not define.
 */
export async function defineMacros(run: (sql: string) => Promise<unknown>, macros: readonly MacroDefinition[]): Promise<Map<string, string>> {
  let pending = [...macros];
  const failures = new Map<string, string>();
  while (pending.length > 0) {
    failures.clear();
    for (const macro of pending) {
      try {
        await run(macroDdl(macro));
      } catch (err) {
        failures.set(macro.name, err instanceof Error ? err.message : String(err));
      }
    }
    if (failures.size === pending.length) break;
    pending = pending.filter((m) => failures.has(m.name));
  }
  return failures;
}
