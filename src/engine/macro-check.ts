// Whether a macro definition is one DuckDB accepts, found by creating it in a scratch in-memory DuckDB
// that can read no file: what DuckDB refuses is refused with DuckDB's own message.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Errors, fail } from '../domain/errors.js';
import { TEMPLATE_NAMES, type MacroDefinition } from '../domain/macros.js';
import { defineMacros, macroDdl } from './macro-sql.js';

let scratch: Promise<DuckDBInstance> | undefined;
function scratchInstance(): Promise<DuckDBInstance> {
  scratch ??= DuckDBInstance.create(':memory:', { enable_external_access: 'false', lock_configuration: 'true', threads: '1', memory_limit: '256MB' });
  return scratch;
}

/**
 * DuckDB binds a macro's body when it is created, and a body may read the project's tables and files,
 * which exist only in its warehouse: these failures say that, not that the macro is wrong. A run defines
 * the macro where they exist.
 */
const NEEDS_WAREHOUSE = [/^Catalog Error: Table with name /, /^Binder Error: Catalog "[^"]*" does not exist/, /^Permission Error: /];

async function firstValue(connection: DuckDBConnection, sql: string, params: string[]): Promise<unknown> {
  return (await connection.runAndReadAll(sql, params)).getRows()[0]?.[0];
}

async function checkName(connection: DuckDBConnection, macro: MacroDefinition): Promise<void> {
  if (TEMPLATE_NAMES.has(macro.name.toLowerCase())) fail(Errors.validation, `name: "${macro.name}" means something else in a model template; choose another name`);
  const builtin = await firstValue(connection, "SELECT count(*) FROM duckdb_functions() WHERE database_name = 'system' AND lower(function_name) = lower($1)", [macro.name]);
  if (Number(builtin) > 0) {
    // A macro of that name would shadow the built-in or be shadowed by it: either way some model's SQL would
    // silently mean something else.
    fail(Errors.validation, `name: "${macro.name}" is a DuckDB built-in function; choose another name`);
  }
  const call = macro.macro_type === 'TABLE' ? `SELECT * FROM ${macro.name}()` : `SELECT ${macro.name}()`;
  const tree = JSON.parse(String(await firstValue(connection, 'SELECT json_serialize_sql($1::VARCHAR)', [call]))) as { error?: boolean };
  if (tree.error) fail(Errors.validation, `name: "${macro.name}" is a DuckDB keyword, so SQL cannot call it by name`);
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Refuses a macro DuckDB would not define. `others` are the other stored macros: defined first, so that a
 * macro may call them.
 */
export async function checkMacroDefinition(macro: MacroDefinition, others: readonly MacroDefinition[]): Promise<void> {
  const connection = await (await scratchInstance()).connect();
  try {
    await checkName(connection, macro);
    const ddl = macroDdl(macro, { temporary: true });
    // The body is spliced into the statement: it must not end it and start another.
    const statements = await connection.extractStatements(ddl).then(
      (extracted) => extracted.count,
      (err: unknown) => fail(Errors.macroInvalid, `body: ${messageOf(err).replace(/^Failed to extract statements: /, '')}`),
    );
    if (statements !== 1) fail(Errors.macroInvalid, `body: must be one ${macro.macro_type === 'TABLE' ? 'SELECT' : 'expression'}, not several statements`);
    await defineMacros((sql) => connection.run(sql), others, { temporary: true });
    try {
      await connection.run(ddl);
    } catch (err) {
      if (!NEEDS_WAREHOUSE.some((pattern) => pattern.test(messageOf(err)))) fail(Errors.macroInvalid, `body: ${messageOf(err)}`);
    }
  } finally {
    // TEMP macros live in their connection: closing it drops them.
    connection.closeSync();
  }
}
