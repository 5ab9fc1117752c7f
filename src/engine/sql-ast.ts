// Reads and rewrites model SQL through DuckDB's own parser (json_serialize_sql / json_deserialize_sql):
// the tables and files a query reads are found in its syntax tree, never by pattern matching on text.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';
import { Errors, fail } from '../domain/errors.js';

// Numbers arrive as lossless-json LosslessNumber objects; nothing here reads them, it only carries them.
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface TableRef {
  schema: string;
  name: string;
}

export interface ParsedSql {
  tables: TableRef[];
  files: string[];
  /** Names of the functions the query calls (scalar and table functions, macros among them). */
  functions: string[];
  tree: JsonObject;
}

const FILE_READERS = new Set(['read_csv', 'read_csv_auto', 'read_parquet', 'parquet_scan', 'read_json', 'read_json_auto', 'read_ndjson', 'read_text', 'read_blob']);

let parser: Promise<DuckDBConnection> | undefined;
/** One in-memory DuckDB for parsing, shared by the process; it touches no files. */
function parserConnection(): Promise<DuckDBConnection> {
  parser ??= DuckDBInstance.create(':memory:').then(async (instance) => {
    const connection = await instance.connect();
    await connection.run('SET enable_external_access = false');
    return connection;
  });
  return parser;
}

// A DuckDB connection runs one statement at a time; parse requests from concurrent HTTP calls queue here.
let queue: Promise<unknown> = Promise.resolve();
async function query(sql: string, params: string[]): Promise<Record<string, unknown>> {
  const run = queue.then(async () => {
    const connection = await parserConnection();
    return (await connection.runAndReadAll(sql, params)).getRowObjects()[0]!;
  });
  queue = run.catch(() => undefined);
  return run;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(node: Json, visit: (node: JsonObject) => void): void {
  if (Array.isArray(node)) node.forEach((child) => walk(child, visit));
  else if (isObject(node)) {
    visit(node);
    Object.values(node).forEach((child) => walk(child, visit));
  }
}

/** The constant file paths a table function such as read_csv('a.csv') or read_parquet(['a','b']) reads. */
function constantPaths(fn: JsonObject): JsonObject[] {
  const first = Array.isArray(fn.children) ? fn.children[0] : undefined;
  if (!isObject(first)) return [];
  if (first.class === 'CONSTANT' && isObject(first.value) && typeof first.value.value === 'string') return [first.value];
  if (first.class === 'FUNCTION' && first.function_name === 'list_value' && Array.isArray(first.children)) {
    return first.children.flatMap((c) => (isObject(c) && c.class === 'CONSTANT' && isObject(c.value) && typeof c.value.value === 'string' ? [c.value] : []));
  }
  return [];
}

function collect(tree: JsonObject) {
  const cteNames = new Set<string>();
  const tables: JsonObject[] = [];
  const files: JsonObject[] = [];
  const functions = new Set<string>();
  walk(tree, (node) => {
    if (node.class === 'FUNCTION' && typeof node.function_name === 'string') functions.add(node.function_name);
    if (isObject(node.cte_map) && Array.isArray(node.cte_map.map)) {
      for (const entry of node.cte_map.map) if (isObject(entry) && typeof entry.key === 'string') cteNames.add(entry.key);
    }
    if (node.type === 'BASE_TABLE') tables.push(node);
    if (node.type === 'TABLE_FUNCTION' && isObject(node.function) && FILE_READERS.has(String(node.function.function_name))) {
      files.push(...constantPaths(node.function));
    }
  });
  const realTables = tables.filter((t) => t.schema_name !== '' || !cteNames.has(String(t.table_name)));
  return { tables: realTables, files, functions };
}

function toParsed(tree: JsonObject): ParsedSql {
  const { tables, files, functions } = collect(tree);
  return {
    tables: tables.map((t) => ({ schema: String(t.schema_name), name: String(t.table_name) })),
    files: files.map((f) => String(f.value)),
    functions: [...functions].sort(),
    tree,
  };
}

/** Parses one SELECT statement; anything else, or SQL that does not parse, is refused with DuckDB's message. */
export async function parseSelect(sql: string, field = 'sql'): Promise<ParsedSql> {
  const row = await query('SELECT json_serialize_sql($1::VARCHAR) AS tree', [sql]);
  // The tree holds 64-bit integers (e.g. query_location = 2^64-1, large constants): read them losslessly.
  const tree = parseLossless(String(row.tree)) as JsonObject;
  if (tree.error) fail(Errors.sqlInvalid, `${field}: ${String(tree.error_message)}`);
  if (!Array.isArray(tree.statements) || tree.statements.length !== 1) {
    fail(Errors.sqlInvalid, `${field}: must be exactly one SELECT statement`);
  }
  return toParsed(tree);
}

const copyTree = (tree: JsonObject) => parseLossless(stringifyLossless(tree) ?? '{}') as JsonObject;
const topNode = (tree: JsonObject) => (tree.statements as JsonObject[])[0]!.node as JsonObject;

/**
 * The query with `ctes` defined ahead of its own common table expressions, each a parsed SELECT: how an
 * ephemeral model is inlined into the models that read it. A later CTE may read an earlier one.
 */
export function withCtes(parsed: ParsedSql, ctes: readonly { name: string; parsed: ParsedSql }[]): ParsedSql {
  if (ctes.length === 0) return parsed;
  const tree = copyTree(parsed.tree);
  const map = (topNode(tree).cte_map as { map: Json[] }).map;
  const entries = ctes.map((cte) => ({
    key: cte.name,
    value: { aliases: [], query: { node: topNode(copyTree(cte.parsed.tree)), named_param_map: [] }, materialized: 'CTE_MATERIALIZE_DEFAULT', key_targets: [] },
  }));
  map.unshift(...entries);
  return toParsed(tree);
}

/** A file path the project's files folder resolves: neither absolute nor a URL. */
export function isRelativeFile(path: string): boolean {
  return !path.startsWith('/') && !/^[a-z]+:\/\//i.test(path);
}

/**
 * Renders a parsed query back to SQL: references to the project's models point at the schema the run
 * materialises into, and, given `filesDir`, relative file paths resolve inside the project's files folder.
 * Without it files stay as the user wrote them: that is what compiled SQL shows, so no server path leaks.
 */
export async function renderSelect(
  parsed: ParsedSql,
  options: { project: string; models: ReadonlySet<string>; targetSchema: string; filesDir?: string; ephemerals?: ReadonlySet<string> },
): Promise<string> {
  const tree = copyTree(parsed.tree);
  const { tables, files } = collect(tree);
  for (const table of tables) {
    const schema = String(table.schema_name);
    if (schema !== '' && schema !== options.project) continue;
    if (options.models.has(String(table.table_name))) {
      // The project is the warehouse's catalog (see tableRef); naming it keeps the reference unambiguous.
      table.catalog_name = options.project;
      table.schema_name = options.targetSchema;
    } else if (options.ephemerals?.has(String(table.table_name))) {
      // An ephemeral model is a CTE of the query that reads it, named as the model.
      table.catalog_name = '';
      table.schema_name = '';
    }
  }
  if (options.filesDir !== undefined) {
    for (const file of files) {
      const path = String(file.value);
      if (isRelativeFile(path)) file.value = `${options.filesDir}/${path}`;
    }
  }
  const row = await query('SELECT json_deserialize_sql($1::JSON) AS sql', [stringifyLossless(tree) ?? '{}']);
  return String(row.sql);
}
