// The statement that defines a macro (from /v1/macros) in a warehouse session, as DuckDB's CREATE MACRO.
import type { MacroDefinition } from '../domain/macros.js';
import { quoteIdent } from './warehouse.js';

/** TEMP: a macro lives for the session that runs a model, so the warehouse file keeps none of them. */
export function macroDdl(macro: MacroDefinition): string {
  const params = macro.parameters.map(quoteIdent).join(', ');
  const body = macro.macro_type === 'TABLE' ? `TABLE ${macro.body}` : `(${macro.body})`;
  return `CREATE OR REPLACE TEMP MACRO ${quoteIdent(macro.name)}(${params}) AS ${body}`;
}
