// SQL models: a model's SQL is rendered and parsed when it is written, what it reads is resolved against the
// models that exist when it is read, and no write may close a cycle, across projects.
import { assertAcyclic, tiers, type DagNode } from '../domain/dag.js';
import { Errors, fail } from '../domain/errors.js';
import { contentTag, ifMatchAllows, type IfMatch } from '../domain/etags.js';
import { ModelIndex, modelGraph, qualifiedName, type ModelKey } from '../domain/model-dependencies.js';
import { applyFileConfig, type ModelFields } from '../domain/model-file-config.js';
import { checkModelNames } from '../domain/model-names.js';
import type { FreshnessPolicy, ModelConfig, ModelContract } from '../domain/model-settings.js';
import type { Materialization, ModelDag, ModelPatch, ModelView, NewModel } from '../domain/models.js';
import { decodeStringPairKey, toPage } from '../domain/pagination.js';
import {
  deleteModel,
  findModel,
  insertModel,
  listAllModels,
  listModelKeys,
  listModels,
  listProjectModels,
  lockModels,
  updateModel,
  type ModelContent,
} from '../store/models.js';
import type { Db, ModelRow, Tx } from '../store/schema.js';
import type { Principal, ServiceContext } from './context.js';
import { analyseModel, type ModelAnalysis } from './model-analysis.js';

/** A project's models as bare names, and which of its own models each reads: what a run of it compiles. */
export function dagNodes(rows: readonly ModelRow[]): DagNode[] {
  const index = new ModelIndex(rows);
  return modelGraph(rows, index).map((n) => ({
    name: n.name.slice(n.name.indexOf('.') + 1),
    depends_on: n.depends_on.map((d) => d.slice(d.indexOf('.') + 1)),
  }));
}

function toModelView(row: ModelRow, index: ModelIndex): ModelView {
  return {
    id: row.id,
    project_name: row.project_name,
    name: row.name,
    sql: row.sql,
    materialization: row.materialization as Materialization,
    description: row.description,
    ...(row.owner !== null && { owner: row.owner }),
    tags: row.tags,
    depends_on: index.dependenciesOf(row),
    ...(row.config !== null && { config: row.config as ModelConfig }),
    ...(row.contract !== null && { contract: row.contract as ModelContract }),
    ...(row.freshness_policy !== null && { freshness_policy: row.freshness_policy as FreshnessPolicy }),
    ...(row.created_by !== null && { created_by: row.created_by }),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

const viewOf = async (ctx: ServiceContext, row: ModelRow) => toModelView(row, new ModelIndex(await listModelKeys(ctx.db)));

const noModel = (project: string, name: string): never => fail(Errors.notFound, `no model "${name}" in project "${project}"`);
const modelIn = (all: readonly ModelRow[], project: string, name: string) => all.find((m) => m.project_name === project && m.name === name);

export async function requireModel(ctx: ServiceContext, project: string, name: string): Promise<ModelRow> {
  return (await findModel(ctx.db, project, name)) ?? noModel(project, name);
}

/** Refuses a new or changed model whose dependencies would close a cycle. */
function assertNoCycle(all: readonly ModelRow[], changed: ModelKey & { depends_on: string[] }): void {
  assertAcyclic(modelGraph([...all.filter((m) => qualifiedName(m) !== qualifiedName(changed)), changed]));
}

/** A model's fields as stored: config() inside its SQL applied, and no empty object kept. */
function contentOf(fields: ModelFields, analysis: ModelAnalysis, rest: Pick<ModelContent, 'description' | 'contract' | 'freshness_policy'>): ModelContent {
  const effective = applyFileConfig(fields, analysis.file);
  return { sql: analysis.sql, ...effective, config: effective.config ?? null, depends_on: analysis.depends_on, ...rest };
}

export async function createModel(ctx: ServiceContext, input: NewModel, principal: Principal | null): Promise<ModelView> {
  checkModelNames(input.project_name, input.name);
  const exists = () => fail(Errors.conflict, `model "${input.name}" already exists in project "${input.project_name}"`);
  if (await findModel(ctx.db, input.project_name, input.name)) exists();
  const materialization = input.materialization ?? 'VIEW';
  const analysis = await analyseModel(ctx.db, { ...input, materialization }, await listModelKeys(ctx.db));
  const content = contentOf({ materialization, tags: input.tags ?? [], config: input.config }, analysis, {
    description: input.description ?? '',
    contract: input.contract ?? null,
    freshness_policy: input.freshness_policy ?? null,
  });
  const now = ctx.now();
  const row = await ctx.db.transaction().execute(async (tx) => {
    await lockModels(tx);
    const all = await listAllModels(tx);
    if (modelIn(all, input.project_name, input.name)) exists();
    assertNoCycle(all, { project_name: input.project_name, name: input.name, depends_on: content.depends_on });
    return insertModel(tx, {
      id: ctx.newId(),
      project_name: input.project_name,
      name: input.name,
      // The platform's owner is one word; an API key's name (`api-key:nightly build`) may hold spaces.
      owner: principal ? principal.username.replace(/\s+/g, '_') : null,
      created_by: principal?.id ?? null,
      created_at: now,
      updated_at: now,
      ...content,
    });
  });
  return viewOf(ctx, row);
}

export async function getModel(ctx: ServiceContext, project: string, name: string): Promise<ModelView> {
  return viewOf(ctx, await requireModel(ctx, project, name));
}

export async function pageModels(ctx: ServiceContext, project: string | undefined, limit: number, pageToken: string | undefined) {
  const rows = await listModels(ctx.db, project, limit, pageToken ? decodeStringPairKey(pageToken) : undefined);
  const index = new ModelIndex(await listModelKeys(ctx.db));
  return toPage(rows.map((r) => toModelView(r, index)), limit, (m) => [m.project_name, m.name]);
}

/** Whether a patch changes what the model's template decides: its SQL or what config() may override. */
const rendersAgain = (patch: ModelPatch) => ['sql', 'materialization', 'tags', 'config'].some((k) => k in patch);

export async function patchModel(ctx: ServiceContext, project: string, name: string, patch: ModelPatch, ifMatch?: IfMatch): Promise<ModelView> {
  const before = await requireModel(ctx, project, name);
  const analyse = async (db: Db | Tx, current: ModelRow) =>
    analyseModel(
      db,
      { project_name: project, name, sql: patch.sql ?? current.sql, materialization: patch.materialization ?? (current.materialization as Materialization) },
      await listModelKeys(db),
    );
  let analysis = rendersAgain(patch) ? await analyse(ctx.db, before) : undefined;
  await ctx.racepoints.beforeModelPatch?.(project, name);
  const row = await ctx.db.transaction().execute(async (tx) => {
    await lockModels(tx);
    // Read again under the lock every change of a model takes: the fields this patch leaves alone must
    // come from the model as it is now, or a concurrent patch of them would be silently undone.
    const all = await listAllModels(tx);
    const current = modelIn(all, project, name) ?? noModel(project, name);
    if (ifMatch) {
      const tag = contentTag(toModelView(current, new ModelIndex(all)));
      if (!ifMatchAllows(ifMatch, tag)) fail(Errors.preconditionFailed, `model "${name}" is now at ETag ${tag}, which If-Match does not list`);
    }
    // Rare: a concurrent patch changed the SQL this patch keeps since it was analysed.
    if (analysis && analysis.sql !== (patch.sql ?? current.sql)) analysis = await analyse(tx, current);
    const fields: ModelFields = {
      materialization: patch.materialization ?? (current.materialization as Materialization),
      tags: patch.tags === null ? [] : (patch.tags ?? current.tags),
      config: patch.config === null ? undefined : (patch.config ?? (current.config as ModelConfig | null) ?? undefined),
    };
    const rest = {
      description: patch.description === null ? '' : (patch.description ?? current.description),
      contract: patch.contract === undefined ? current.contract : patch.contract,
      freshness_policy: patch.freshness_policy === undefined ? current.freshness_policy : patch.freshness_policy,
    };
    const content = analysis
      ? contentOf(fields, analysis, rest)
      : { sql: current.sql, ...fields, config: fields.config ?? null, depends_on: current.depends_on, ...rest };
    assertNoCycle(all, { project_name: project, name, depends_on: content.depends_on });
    return updateModel(tx, current.id, { ...content, updated_at: ctx.now() });
  });
  return viewOf(ctx, row);
}

export async function removeModel(ctx: ServiceContext, project: string, name: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await lockModels(tx);
    const all = await listAllModels(tx);
    const model = modelIn(all, project, name) ?? noModel(project, name);
    // Without it, a bare name another model reads may come to mean a model of another project.
    assertAcyclic(modelGraph(all.filter((m) => m.id !== model.id)));
    await deleteModel(tx, model.id);
  });
}

/** Every model, or one project's, in tiers; dependencies on other projects' models show but do not tier. */
export async function modelDag(ctx: ServiceContext, project: string | undefined): Promise<ModelDag> {
  const rows = project ? await listProjectModels(ctx.db, project) : await listAllModels(ctx.db);
  const index = new ModelIndex(project ? await listModelKeys(ctx.db) : rows);
  const byName = new Map(rows.map((r) => [qualifiedName(r), r]));
  return {
    tiers: tiers(modelGraph(rows, index)).map((names, tier) => ({
      tier,
      nodes: names.map((n) => {
        const row = byName.get(n)!;
        return { project_name: row.project_name, model_name: row.name, materialization: row.materialization as Materialization, depends_on: index.dependenciesOf(row) };
      }),
    })),
  };
}
