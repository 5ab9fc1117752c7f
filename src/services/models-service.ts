// SQL models and their tests: dependencies come from DuckDB's parser, and no edit may close a cycle.
import { assertAcyclic, tiers, type DagNode } from '../domain/dag.js';
import { Errors, fail } from '../domain/errors.js';
import { contentTag, ifMatchAllows, type IfMatch } from '../domain/etags.js';
import type { ModelPatch, ModelTestView, ModelView, NewModel, NewModelTest, TestConfig, TestType } from '../domain/models.js';
import { decodeStringPairKey, toPage } from '../domain/pagination.js';
import { candidateDependencies, parseSelect } from '../engine/sql-ast.js';
import { checkTestDefinition } from '../engine/test-sql.js';
import {
  deleteModel,
  deleteModelTest,
  findModel,
  insertModel,
  insertModelTest,
  pageModelTests,
  listModels,
  listProjectModels,
  lockProject,
  updateModel,
} from '../store/models.js';
import type { ModelRow, ModelTestRow } from '../store/schema.js';
import type { Principal, ServiceContext } from './context.js';

/** Stored dependencies are every name the SQL could mean; only those that are models of the project count. */
export function dagNodes(rows: readonly Pick<ModelRow, 'name' | 'depends_on'>[]): DagNode[] {
  const names = new Set(rows.map((r) => r.name));
  return rows.map((r) => ({ name: r.name, depends_on: r.depends_on.filter((d) => names.has(d)) }));
}

function toModelView(row: ModelRow, projectModels: ReadonlySet<string>): ModelView {
  return {
    id: row.id,
    project_name: row.project_name,
    name: row.name,
    sql: row.sql,
    materialization: row.materialization as ModelView['materialization'],
    description: row.description,
    tags: row.tags,
    depends_on: row.depends_on.filter((d) => projectModels.has(d)),
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

async function viewOf(ctx: ServiceContext, row: ModelRow): Promise<ModelView> {
  const names = new Set((await listProjectModels(ctx.db, row.project_name)).map((m) => m.name));
  return toModelView(row, names);
}

async function requireModel(ctx: ServiceContext, project: string, name: string): Promise<ModelRow> {
  const row = await findModel(ctx.db, project, name);
  if (!row) fail(Errors.notFound, `no model "${name}" in project "${project}"`);
  return row;
}

export async function createModel(ctx: ServiceContext, input: NewModel, principal: Principal | null): Promise<ModelView> {
  const depends = candidateDependencies(await parseSelect(input.sql), input.project_name);
  const now = ctx.now();
  const row = await ctx.db.transaction().execute(async (tx) => {
    await lockProject(tx, input.project_name);
    const existing = await listProjectModels(tx, input.project_name);
    assertAcyclic(dagNodes([...existing, { name: input.name, depends_on: depends }]));
    const inserted = await insertModel(tx, {
      id: ctx.newId(),
      project_name: input.project_name,
      name: input.name,
      sql: input.sql,
      materialization: input.materialization ?? 'VIEW',
      description: input.description ?? '',
      tags: input.tags ?? [],
      depends_on: depends,
      created_by: principal?.id ?? null,
      created_at: now,
      updated_at: now,
    });
    if (!inserted) fail(Errors.conflict, `model "${input.name}" already exists in project "${input.project_name}"`);
    return inserted;
  });
  return viewOf(ctx, row);
}

export async function getModel(ctx: ServiceContext, project: string, name: string): Promise<ModelView> {
  return viewOf(ctx, await requireModel(ctx, project, name));
}

export async function pageModels(ctx: ServiceContext, project: string | undefined, limit: number, pageToken: string | undefined) {
  const rows = await listModels(ctx.db, project, limit, pageToken ? decodeStringPairKey(pageToken) : undefined);
  const projects = new Map<string, Set<string>>();
  for (const p of new Set(rows.map((r) => r.project_name))) {
    projects.set(p, new Set((await listProjectModels(ctx.db, p)).map((m) => m.name)));
  }
  return toPage(rows.map((r) => toModelView(r, projects.get(r.project_name)!)), limit, (m) => [m.project_name, m.name]);
}

export async function patchModel(ctx: ServiceContext, project: string, name: string, patch: ModelPatch, ifMatch?: IfMatch): Promise<ModelView> {
  await requireModel(ctx, project, name);
  const patchedDepends = patch.sql ? candidateDependencies(await parseSelect(patch.sql), project) : undefined;
  await ctx.racepoints.beforeModelPatch?.(project, name);
  const row = await ctx.db.transaction().execute(async (tx) => {
    await lockProject(tx, project);
    // Read again under the lock every change of the project takes: the fields this patch leaves alone must
    // come from the model as it is now, or a concurrent patch of them would be silently undone.
    const models = await listProjectModels(tx, project);
    const current = models.find((m) => m.name === name) ?? fail(Errors.notFound, `no model "${name}" in project "${project}"`);
    if (ifMatch) {
      const tag = contentTag(toModelView(current, new Set(models.map((m) => m.name))));
      if (!ifMatchAllows(ifMatch, tag)) fail(Errors.preconditionFailed, `model "${name}" is now at ETag ${tag}, which If-Match does not list`);
    }
    const depends = patchedDepends ?? current.depends_on;
    const others = models.filter((m) => m.id !== current.id);
    assertAcyclic(dagNodes([...others, { name, depends_on: depends }]));
    return updateModel(tx, current.id, {
      sql: patch.sql ?? current.sql,
      materialization: patch.materialization ?? current.materialization,
      description: patch.description ?? current.description,
      tags: patch.tags ?? current.tags,
      depends_on: depends,
      updated_at: ctx.now(),
    });
  });
  return viewOf(ctx, row);
}

export async function removeModel(ctx: ServiceContext, project: string, name: string): Promise<void> {
  await deleteModel(ctx.db, (await requireModel(ctx, project, name)).id);
}

export async function projectDag(ctx: ServiceContext, project: string) {
  const rows = await listProjectModels(ctx.db, project);
  if (rows.length === 0) fail(Errors.notFound, `project "${project}" has no models`);
  const nodes = dagNodes(rows);
  return { project_name: project, tiers: tiers(nodes), edges: nodes.flatMap((n) => n.depends_on.map((d) => ({ from: d, to: n.name }))) };
}

function toTestView(row: ModelTestRow): ModelTestView {
  return {
    id: row.id,
    model_id: row.model_id,
    name: row.name,
    test_type: row.test_type as TestType,
    column: row.column_name,
    config: row.config as TestConfig,
    created_at: row.created_at.toISOString(),
  };
}

export async function addModelTest(ctx: ServiceContext, project: string, name: string, input: NewModelTest): Promise<ModelTestView> {
  const model = await requireModel(ctx, project, name);
  const definition = { name: input.name, test_type: input.test_type, column: input.column ?? null, config: input.config ?? {} };
  checkTestDefinition(definition);
  if (definition.config.custom_sql) await parseSelect(definition.config.custom_sql, 'config.custom_sql');
  const row = await insertModelTest(ctx.db, {
    id: ctx.newId(),
    model_id: model.id,
    name: definition.name,
    test_type: definition.test_type,
    column_name: definition.column,
    config: definition.config,
    created_at: ctx.now(),
  });
  return toTestView(row);
}

export async function listTestsOfModel(ctx: ServiceContext, project: string, name: string, limit: number, pageToken: string | undefined) {
  const model = await requireModel(ctx, project, name);
  const rows = await pageModelTests(ctx.db, model.id, limit, pageToken ? decodeStringPairKey(pageToken) : undefined);
  return toPage(rows.map(toTestView), limit, (t) => [t.name, t.id]);
}

export async function removeModelTest(ctx: ServiceContext, project: string, name: string, testId: string): Promise<void> {
  const model = await requireModel(ctx, project, name);
  if (!(await deleteModelTest(ctx.db, model.id, testId))) fail(Errors.notFound, `model "${name}" has no test "${testId}"`);
}
