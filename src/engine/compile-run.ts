// Compiles a triggered run: selects models, renders each one's template, inlines ephemeral models into
// those that read them, orders the rest by DAG tier, and hashes what each step will build. Steps keep
// their compiled SELECT, so a run executes what it was compiled from; its relative file paths are resolved
// only when it runs (resolveSelect), so the stored SQL, which users read, holds no server path.
import { createHash } from 'node:crypto';
import { selectModels, selectsModifiedState, tiers, type SelectableModel } from '../domain/dag.js';
import { Errors, fail } from '../domain/errors.js';
import { uuidFromDigest } from '../domain/ids.js';
import { ModelIndex, qualifiedName, type StoredModelDeps } from '../domain/model-dependencies.js';
import type { ModelConfig, ModelContract, ProjectSettings, SourceTable } from '../domain/model-settings.js';
import type { Materialization } from '../domain/models.js';
import type { StepBuild } from '../domain/step-build.js';
import { compileModel, type CompiledModel, type CompileScope } from './compile-model.js';
import { renderSelect, withCtes, type ParsedSql } from './sql-ast.js';
import { quoteIdent, quoteRelation, tableRef } from './warehouse.js';

/** A model as stored; its `depends_on` as the model stores it (see StoredModelDeps). */
export interface RunModel extends StoredModelDeps {
  sql: string;
  materialization: Materialization;
  tags: readonly string[];
  config: ModelConfig | null;
  contract: ModelContract | null;
}

export interface CompiledStep {
  /** Qualified `project.name`. */
  model_name: string;
  tier: number;
  position: number;
  materialization: Materialization;
  /** The model's SELECT, its ephemeral upstream inlined as CTEs. */
  compiled_sql: string;
  compiled_hash: string;
  depends_on: string[];
  vars_used: string[];
  macros_used: string[];
  /** What the statement reads, for provenance: other tables (schema.name) and files. */
  reads: { tables: string[]; files: string[] };
  output_entity_id: string;
  build: StepBuild;
}

export interface CompiledRun {
  steps: CompiledStep[];
  /** The Data Platform's compile manifest: {version, models: [{model_name, compiled_hash, …}]}, as JSON text. */
  manifest: string;
  warnings: string[];
  /** Every model compiled for the run's steps, ephemeral ones too, with the macros it uses. */
  macroUsages: { model: string; macros: string[] }[];
}

export interface CompileRunInput {
  runId: string;
  project: string;
  targetSchema: string;
  fullRefresh: boolean;
  selectors: readonly string[] | undefined;
  /** Every model of every project: ref() may name any. */
  models: readonly RunModel[];
  settings: ProjectSettings;
  /** Project vars overlaid by the trigger's. */
  vars: Record<string, unknown>;
  macros: readonly string[];
  /** The latest build of each of the project's models into the target schema. */
  builds: ReadonlyMap<string, { materialization: string | null; compiled_hash: string }>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const sortedUnique = (names: Iterable<string>) => [...new Set(names)].sort();
const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Lineage id of a table as one run materialised it. */
export function tableEntityId(runId: string, schema: string, name: string): string {
  return uuidFromDigest(sha256(`table|${runId}|${schema}.${name}`));
}

const FILE_READERS: [RegExp, string][] = [
  [/\.(csv|tsv|txt)(\.gz)?$/i, 'read_csv_auto'],
  [/\.parquet$/i, 'read_parquet'],
  [/\.(json|jsonl|ndjson)(\.gz)?$/i, 'read_json_auto'],
];

/** What source('s', 't') renders to: a read of the declared file, the declared relation, or "s"."t". */
function sourceSql(key: string, source: SourceTable): string {
  if (source.path !== undefined) {
    const reader = FILE_READERS.find(([pattern]) => pattern.test(source.path!))?.[1];
    if (!reader) fail(Errors.validation, `source ${key}: path "${source.path}" is not a .csv, .parquet or .json file`);
    return `${reader}(${sqlString(source.path)})`;
  }
  return quoteRelation(source.relation ?? key);
}

const bare = (qualified: string) => qualified.slice(qualified.indexOf('.') + 1);

export async function compileRun(input: CompileRunInput): Promise<CompiledRun> {
  const { project, targetSchema } = input;
  const own = input.models.filter((m) => m.project_name === project);
  const byName = new Map(own.map((m) => [qualifiedName(m), m]));
  const isEphemeral = (name: string) => byName.get(name)?.materialization === 'EPHEMERAL';
  const index = new ModelIndex(input.models);
  const scope: CompileScope = {
    targetSchema,
    index,
    // An ephemeral model of the project is a CTE of each query that reads it, named as the model.
    relations: Object.fromEntries(
      input.models.map((m) => {
        const name = qualifiedName(m);
        return [name, isEphemeral(name) ? quoteIdent(m.name) : tableRef(project, targetSchema, m.name)];
      }),
    ),
    sources: Object.fromEntries(Object.entries(input.settings.sources).map(([key, source]) => [key, sourceSql(key, source)])),
    vars: input.vars,
    macros: input.macros,
  };
  const rewrite = {
    project,
    targetSchema,
    models: new Set(own.filter((m) => m.materialization !== 'EPHEMERAL').map((m) => m.name)),
    ephemerals: new Set(own.filter((m) => m.materialization === 'EPHEMERAL').map((m) => m.name)),
  };

  const compiled = new Map<string, Promise<CompiledModel>>();
  const compileOne = (name: string, incremental: boolean) => {
    const key = `${name}|${incremental}`;
    if (!compiled.has(key)) compiled.set(key, compileModel(byName.get(name)!, scope, incremental));
    return compiled.get(key)!;
  };
  /** The ephemeral models a model reads, directly or through each other, each after those it reads. */
  const ephemeralChain = async (model: CompiledModel, seen = new Set<string>()): Promise<CompiledModel[]> => {
    const chain: CompiledModel[] = [];
    for (const dep of model.depends_on.filter((d) => isEphemeral(d) && !seen.has(d))) {
      seen.add(dep);
      const ephemeral = await compileOne(dep, false);
      chain.push(...(await ephemeralChain(ephemeral, seen)), ephemeral);
    }
    return chain;
  };
  const finish = async (name: string, incremental: boolean) => {
    const model = await compileOne(name, incremental);
    const chain = await ephemeralChain(model);
    const parsed: ParsedSql = withCtes(model.parsed, chain.map((e) => ({ name: bare(e.name), parsed: e.parsed })));
    const parts = [model, ...chain];
    return {
      sql: await renderSelect(parsed, rewrite),
      parsed,
      depends_on: sortedUnique(parts.flatMap((p) => p.depends_on)).filter((d) => d !== name),
      vars_used: sortedUnique(parts.flatMap((p) => p.vars_used)),
      macros_used: sortedUnique(parts.flatMap((p) => p.macros_used)),
    };
  };

  const isIncremental = (name: string) => {
    const built = input.builds.get(name)?.materialization;
    return byName.get(name)!.materialization === 'INCREMENTAL' && !input.fullRefresh && (built === 'TABLE' || built === 'INCREMENTAL');
  };
  const hashOf = (name: string, sql: string, varsUsed: readonly string[]) => {
    const model = byName.get(name)!;
    const context = {
      project_name: project,
      model_name: model.name,
      target_schema: targetSchema,
      materialization: model.materialization,
      full_refresh: input.fullRefresh,
      config: model.config ?? {},
      vars: Object.fromEntries(varsUsed.map((v) => [v, input.vars[v] ?? null])),
    };
    return `sha256:${sha256(`${sql}\n${JSON.stringify(context)}`)}`;
  };
  const steps = new Map<string, Promise<Omit<CompiledStep, 'tier' | 'position'>>>();
  const stepOf = (name: string) => {
    if (!steps.has(name)) steps.set(name, compileStep(name));
    return steps.get(name)!;
  };
  const compileStep = async (name: string): Promise<Omit<CompiledStep, 'tier' | 'position'>> => {
    const model = byName.get(name)!;
    const incremental = isIncremental(name);
    const built = await finish(name, incremental);
    const build: StepBuild = {
      ...(model.config ? { config: model.config } : {}),
      ...(model.contract ? { contract: model.contract } : {}),
    };
    if (incremental) {
      const whole = await finish(name, false);
      build.full_build = { sql: whole.sql, files: whole.parsed.files };
    }
    return {
      model_name: name,
      materialization: model.materialization,
      compiled_sql: built.sql,
      compiled_hash: hashOf(name, built.sql, built.vars_used),
      depends_on: built.depends_on,
      vars_used: built.vars_used,
      macros_used: built.macros_used,
      reads: {
        tables: built.parsed.tables.map((t) =>
          (t.schema === '' || t.schema === project) && rewrite.models.has(t.name) ? `${targetSchema}.${t.name}` : `${t.schema || targetSchema}.${t.name}`,
        ),
        files: built.parsed.files,
      },
      output_entity_id: tableEntityId(input.runId, targetSchema, model.name),
      build,
    };
  };

  const buildable = [...byName.keys()].filter((n) => !isEphemeral(n));
  let modified = new Set<string>();
  if (selectsModifiedState(input.selectors)) {
    // state:modified compares what every model compiles to now with what it was last built from.
    const hashes = await Promise.all(buildable.map(async (n) => [n, (await stepOf(n)).compiled_hash] as const));
    modified = new Set(hashes.filter(([n, hash]) => input.builds.get(n)?.compiled_hash !== hash).map(([n]) => n));
  }
  const nodes: SelectableModel[] = own.map((m) => ({ name: qualifiedName(m), project, model: m.name, tags: m.tags, depends_on: index.dependenciesOf(m) }));
  const selected = selectModels(nodes, input.selectors, modified);
  if (selected.size === 0) fail(Errors.validation, `model_names: ${input.selectors?.join(', ')} selects no model of project "${project}"`);

  const built = await Promise.all([...selected].filter((n) => !isEphemeral(n)).sort().map(stepOf));
  const byStep = new Map(built.map((s) => [s.model_name, s]));
  const ordered = tiers(built.map((s) => ({ name: s.model_name, depends_on: s.depends_on })));
  const result: CompiledStep[] = ordered.flatMap((names, tier) => names.map((n) => ({ ...byStep.get(n)!, tier, position: 0 })));
  result.forEach((s, i) => (s.position = i));

  const compiledModels = await Promise.all(compiled.values());
  const drafted = await Promise.all(steps.values());
  return {
    steps: result,
    manifest: manifestOf(result),
    warnings: sortedUnique(compiledModels.flatMap((m) => m.warnings)),
    // A step's SQL calls its inlined ephemerals' macros too; an ephemeral model is recorded for its own.
    macroUsages: [
      ...drafted.map((s) => ({ model: s.model_name, macros: s.macros_used })),
      ...compiledModels.filter((m) => isEphemeral(m.name)).map((m) => ({ model: m.name, macros: m.macros_used })),
    ],
  };
}

/** The Data Platform's compile manifest (buildCompileManifest): empty lists left out, models by name. */
function manifestOf(steps: readonly CompiledStep[]): string {
  const models = [...steps]
    .sort((a, b) => a.model_name.localeCompare(b.model_name))
    .map((s) => ({
      model_name: s.model_name,
      compiled_hash: s.compiled_hash,
      ...(s.depends_on.length > 0 ? { depends_on: s.depends_on } : {}),
      ...(s.vars_used.length > 0 ? { vars_used: s.vars_used } : {}),
      ...(s.macros_used.length > 0 ? { macros_used: s.macros_used } : {}),
    }));
  return JSON.stringify({ version: 1, models });
}
