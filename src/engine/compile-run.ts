// Compiles a triggered run: selects models, orders them by DAG tier, and renders each to the statement
// that materialises it. Steps keep this compiled SQL, so a run executes what it was compiled from; only its
// relative file paths are resolved when it runs (resolveCompiledSql), so the stored SQL, which users read,
// holds no server path.
import { createHash } from 'node:crypto';
import { selectModels, tiers, type DagNode } from '../domain/dag.js';
import { uuidFromDigest } from '../domain/ids.js';
import type { Materialization } from '../domain/models.js';
import { isRelativeFile, parseSelect, renderSelect } from './sql-ast.js';
import { tableRef } from './warehouse.js';

export interface ModelSource extends DagNode {
  sql: string;
  materialization: Materialization;
}

export interface CompiledStep {
  model_name: string;
  tier: number;
  position: number;
  materialization: Materialization;
  compiled_sql: string;
  compiled_hash: string;
  depends_on: string[];
  /** What the statement reads, for provenance: other tables (schema.name) and files. */
  reads: { tables: string[]; files: string[] };
  output_entity_id: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The head of a step's statement; the model's rendered SELECT follows it. */
function materialiseClause(project: string, schema: string, name: string, materialization: Materialization): string {
  const kind = materialization === 'TABLE' ? 'TABLE' : 'VIEW';
  return `CREATE OR REPLACE ${kind} ${tableRef(project, schema, name)} AS `;
}

/**
 * A step's compiled SQL as the warehouse runs it: relative file paths resolved inside the project's files
 * folder, the only place its sandbox lets DuckDB read (DuckDB's file_search_path does not help: with the
 * sandbox on, a relative path is checked against the process's working directory and refused).
 */
export async function resolveCompiledSql(
  step: { compiled_sql: string; model_name: string; materialization: Materialization; files: readonly string[] },
  project: string,
  schema: string,
  filesDir: string,
): Promise<string> {
  // Most models read only other models: no path to resolve, and no second trip through the parser.
  if (!step.files.some(isRelativeFile)) return step.compiled_sql;
  const head = materialiseClause(project, schema, step.model_name, step.materialization);
  if (!step.compiled_sql.startsWith(head)) throw new Error(`compiled SQL of ${step.model_name} does not materialise it`);
  const parsed = await parseSelect(step.compiled_sql.slice(head.length));
  return head + (await renderSelect(parsed, { project, models: new Set(), targetSchema: schema, filesDir }));
}

/** Lineage id of a table as one run materialised it. */
export function tableEntityId(runId: string, schema: string, name: string): string {
  return uuidFromDigest(sha256(`table|${runId}|${schema}.${name}`));
}

export async function compileRun(options: {
  runId: string;
  project: string;
  targetSchema: string;
  models: readonly ModelSource[];
  selectors: readonly string[] | undefined;
}): Promise<CompiledStep[]> {
  const selected = selectModels(options.models, options.selectors);
  const byName = new Map(options.models.map((m) => [m.name, m]));
  const allNames = new Set(byName.keys());
  const ordered = tiers(options.models.filter((m) => selected.has(m.name)));
  const steps: CompiledStep[] = [];
  for (const [tier, names] of ordered.entries()) {
    for (const name of names) {
      const model = byName.get(name)!;
      const parsed = await parseSelect(model.sql);
      const select = await renderSelect(parsed, { project: options.project, models: allNames, targetSchema: options.targetSchema });
      const compiled = materialiseClause(options.project, options.targetSchema, name, model.materialization) + select;
      const modelDeps = model.depends_on.filter((d) => allNames.has(d));
      steps.push({
        model_name: name,
        tier,
        position: steps.length,
        materialization: model.materialization,
        compiled_sql: compiled,
        compiled_hash: `sha256:${sha256(compiled)}`,
        depends_on: modelDeps,
        reads: {
          tables: parsed.tables.map((t) => (allNames.has(t.name) && (t.schema === '' || t.schema === options.project) ? `${options.targetSchema}.${t.name}` : `${t.schema || options.targetSchema}.${t.name}`)),
          files: parsed.files,
        },
        output_entity_id: tableEntityId(options.runId, options.targetSchema, name),
      });
    }
  }
  return steps;
}
