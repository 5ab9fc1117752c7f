// Model and source freshness as the DuckDB Data Platform checks it, computed from the project's warehouse.
import { Errors, fail } from '../domain/errors.js';
import { judgeFreshness, TIMESTAMP_COLUMNS, type FreshnessStatus, type SourceFreshnessQuery, type SourceFreshnessStatus } from '../domain/freshness.js';
import type { FreshnessPolicy, SourceTable } from '../domain/model-settings.js';
import { fileRelation, isInstantType, latestInstant, relationColumns, type Column } from '../engine/freshness-sql.js';
import { tableRef } from '../engine/warehouse.js';
import { findLastBuild } from '../store/model-builds.js';
import { findProjectSettings } from '../store/model-projects.js';
import { findModel } from '../store/models.js';
import type { ServiceContext } from './context.js';
import { readableProject, withReader, type DataDeps } from './warehouse-reads.js';

const byName = (columns: Column[], name: string) => columns.find((c) => c.name.toLowerCase() === name.toLowerCase());

/** The newest loaded_at of a built relation, if it has that column as a DATE or TIMESTAMP. */
async function newestLoadedAt(ctx: ServiceContext, deps: DataDeps, project: string, relation: string): Promise<Date | undefined> {
  return withReader(ctx, deps.warehouse, project, async (session) => {
    // A relation dropped since, or never kept (an ephemeral model), has no loaded_at to read.
    const column = byName(await relationColumns(session, relation).catch(() => []), 'loaded_at');
    return column && isInstantType(column.type) ? latestInstant(session, relation, column) : undefined;
  });
}

/**
 * As the platform: a model without a positive `max_lag_seconds` is fresh; one never built is stale. Its last
 * run is the newest `loaded_at` of the relation its last successful build made, else the time that build finished.
 */
export async function modelFreshness(ctx: ServiceContext, deps: DataDeps, project: string, name: string): Promise<FreshnessStatus> {
  const model = (await findModel(ctx.db, project, name)) ?? fail(Errors.notFound, `no model "${name}" in project "${project}"`);
  const maxLag = (model.freshness_policy as FreshnessPolicy | null)?.max_lag_seconds ?? 0;
  if (maxLag <= 0) return { is_fresh: true, max_lag_seconds: 0 };
  const build = await findLastBuild(ctx.db, project, name);
  const loadedAt = build && (await newestLoadedAt(ctx, deps, project, tableRef(project, build.target_schema ?? project, name)));
  const lastRun = loadedAt ?? build?.finished_at;
  return { ...judgeFreshness(lastRun, maxLag, ctx.now()), max_lag_seconds: maxLag, ...(lastRun ? { last_run_at: lastRun.toISOString() } : {}) };
}

/** Where `schema.table` is read from: the declared source's file or relation, else that relation in the warehouse. */
function sourceRelation(project: string, schema: string, table: string, declared: SourceTable | undefined, filesDir: string): string {
  if (declared?.path) return fileRelation(filesDir, declared.path);
  const [first, second] = (declared?.relation ?? `${schema}.${table}`).split('.');
  return second === undefined ? tableRef(project, project, first!) : tableRef(project, first!, second);
}

/**
 * As the platform: fresh when `max_lag_seconds` is 0; else the newest value of the timestamp column (named,
 * declared as the source's `loaded_at_field`, or the first of loaded_at, updated_at, created_at, ingested_at
 * it has), stale when there is none.
 */
export async function sourceFreshness(ctx: ServiceContext, deps: DataDeps, schema: string, table: string, query: SourceFreshnessQuery): Promise<SourceFreshnessStatus> {
  const maxLag = query.max_lag_seconds ?? 3600;
  const base = { source_schema: schema, source_table: table, max_lag_seconds: maxLag };
  if (maxLag <= 0) return { is_fresh: true, ...base, ...(query.timestamp_column ? { timestamp_column: query.timestamp_column } : {}) };
  const project = await readableProject(deps.warehouse, query.project_name);
  const declared = (await findProjectSettings(ctx.db, project)).sources[`${schema}.${table}`];
  const named = query.timestamp_column ?? declared?.loaded_at_field;
  return withReader(ctx, deps.warehouse, project, async (session) => {
    const relation = sourceRelation(project, schema, table, declared, session.filesDir);
    const columns = await relationColumns(session, relation).catch((err: unknown) =>
      fail(Errors.notFound, `source ${schema}.${table} cannot be read in project "${project}": ${(err as Error).message}`),
    );
    const column = named
      ? (byName(columns, named) ?? fail(Errors.validation, `timestamp_column: source ${schema}.${table} has no column "${named}"`))
      : (TIMESTAMP_COLUMNS.map((c) => byName(columns, c)).find((c) => c !== undefined) ??
        fail(Errors.validation, `timestamp_column: none of ${TIMESTAMP_COLUMNS.join(', ')} found on ${schema}.${table}; name the column to read`));
    if (!isInstantType(column.type)) fail(Errors.validation, `timestamp_column: "${column.name}" of ${schema}.${table} is ${column.type}, not a DATE or TIMESTAMP`);
    const last = await latestInstant(session, relation, column);
    return { ...judgeFreshness(last, maxLag, ctx.now()), ...base, timestamp_column: column.name, ...(last ? { last_loaded_at: last.toISOString() } : {}) };
  });
}
