// Compiles a triggered run: selects models, orders them by DAG tier, and renders each to the statement
// that materialises it. Steps keep this compiled SQL, so a run executes what it was compiled from.
import { createHash } from 'node:crypto';
import { selectModels, tiers, type DagNode } from '../domain/dag.js';
import { uuidFromDigest } from '../domain/ids.js';
import type { Materialization } from '../domain/models.js';
import { parseSelect, renderForExecution } from './sql-ast.js';
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

/** Lineage id of a table as one run materialised it. */
export function tableEntityId(runId: string, schema: string, name: string): string {
  return uuidFromDigest(sha256(`table|${runId}|${schema}.${name}`));
}

export async function compileRun(options: {
  runId: string;
  project: string;
  targetSchema: string;
  filesDir: string;
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
      const select = await renderForExecution(parsed, {
        project: options.project,
        models: allNames,
        targetSchema: options.targetSchema,
        filesDir: options.filesDir,
      });
      const kind = model.materialization === 'TABLE' ? 'TABLE' : 'VIEW';
      const compiled = `CREATE OR REPLACE ${kind} ${tableRef(options.project, options.targetSchema, name)} AS ${select}`;
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
