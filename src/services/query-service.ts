// POST /v1/query: one SELECT against a project's warehouse, read-only, within the row cap and time limit.
import { AppError, Errors, fail } from '../domain/errors.js';
import type { QueryRequest, QueryResult } from '../domain/query.js';
import { isRelativeFile, parseSelect, renderSelect } from '../engine/sql-ast.js';
import { QueryTimeoutError } from '../engine/warehouse.js';
import type { ServiceContext } from './context.js';
import { readableProject, withReader, type DataDeps } from './warehouse-reads.js';

/**
 * The statement to run: only one SELECT passes DuckDB's parser here (writes are refused before the
 * READ_ONLY warehouse would refuse them), with relative file paths resolved in the project's files folder.
 */
async function readOnlySql(sql: string, project: string, filesDir: string): Promise<string> {
  const parsed = await parseSelect(sql, 'sql').catch((err: unknown) => {
    if (err instanceof AppError && /Only SELECT statements/.test(err.detail)) fail(Errors.sqlInvalid, 'sql: only one SELECT may run here; queries are read-only');
    throw err;
  });
  if (!parsed.files.some(isRelativeFile)) return sql;
  return renderSelect(parsed, { project, models: new Set(), targetSchema: project, filesDir });
}

export async function runQuery(ctx: ServiceContext, deps: DataDeps, input: QueryRequest): Promise<QueryResult> {
  const project = await readableProject(deps.warehouse, input.project_name);
  const sql = await readOnlySql(input.sql, project, deps.warehouse.filesDir(project));
  const result = await withReader(ctx, deps.warehouse, project, (session) =>
    session.query(sql, [], deps.queryRowLimit).catch((err: unknown) => {
      if (err instanceof QueryTimeoutError) throw err;
      throw new AppError(Errors.queryFailed, `sql: ${(err as Error).message}`);
    }),
  );
  return { columns: result.columns.map((c) => c.name), rows: result.rows, row_count: result.rows.length, truncated: result.truncated };
}
