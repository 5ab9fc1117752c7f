// Builds a step's model in the warehouse from its compiled SELECT: a view, a table, or an incremental
// table (appended to, merged on its unique key, or delete+insert), and checks its contract.
import type { ModelConfig } from '../domain/model-settings.js';
import type { StepBuild } from '../domain/step-build.js';
import { contractViolations } from './contract.js';
import { relationColumns, type RelationName } from './relation-info.js';
import { isRelativeFile, parseSelect, renderSelect } from './sql-ast.js';
import { quoteIdent, tableRef, type WarehouseSession } from './warehouse.js';

export interface StepToBuild {
  project: string;
  schema: string;
  /** The model's bare name: the relation it builds. */
  model: string;
  materialization: string;
  sql: string;
  /** The files `sql` reads, as written. */
  files: readonly string[];
  build: StepBuild | null;
}

/** Temp: the rows an incremental build adds, computed once before the statements that use them. */
const INCREMENT = { catalog: 'temp', schema: 'main', name: 'runledger_increment' };
const INCREMENT_REF = tableRef(INCREMENT.catalog, INCREMENT.schema, INCREMENT.name);

/**
 * A SELECT as the warehouse runs it: relative file paths resolved inside the project's files folder, the
 * only place its sandbox lets DuckDB read (DuckDB's file_search_path does not help: with the sandbox on, a
 * relative path is checked against the process's working directory and refused).
 */
export async function resolveSelect(sql: string, files: readonly string[], project: string, schema: string, filesDir: string): Promise<string> {
  // Most models read only other models: no path to resolve, and no second trip through the parser.
  if (!files.some(isRelativeFile)) return sql;
  return renderSelect(await parseSelect(sql), { project, models: new Set(), targetSchema: schema, filesDir });
}

function incrementalStrategy(model: string, config: ModelConfig): 'append' | 'merge' | 'delete+insert' {
  const keyed = (config.unique_key ?? []).length > 0;
  const strategy = config.incremental_strategy ?? (keyed ? 'merge' : 'append');
  if (strategy !== 'append' && strategy !== 'merge' && strategy !== 'delete+insert') {
    throw new Error(`${model}: incremental_strategy "${strategy}" is not one of merge, delete+insert, append`);
  }
  if (strategy !== 'append' && !keyed) throw new Error(`${model}: incremental_strategy ${strategy} needs config.unique_key`);
  return strategy;
}

/** on_schema_change: fail refuses an increment whose columns (names and types) differ from the table's. */
async function checkSchemaChange(session: WarehouseSession, relation: RelationName): Promise<void> {
  const describe = (cols: { name: string; type: string }[]) => new Set(cols.map((c) => `${c.name} ${c.type}`));
  const table = describe(await relationColumns(session, relation));
  const increment = describe(await relationColumns(session, INCREMENT));
  const added = [...increment].filter((c) => !table.has(c));
  const removed = [...table].filter((c) => !increment.has(c));
  if (added.length + removed.length > 0) {
    const list = (cols: string[]) => (cols.length > 0 ? cols.join(', ') : 'none');
    throw new Error(`${relation.name}: on_schema_change is fail and its columns changed: new ${list(added)}; gone ${list(removed)}`);
  }
}

async function buildIncrement(session: WarehouseSession, relation: RelationName, sql: string, config: ModelConfig): Promise<void> {
  const target = tableRef(relation.catalog, relation.schema, relation.name);
  const strategy = incrementalStrategy(relation.name, config);
  await session.execute(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(INCREMENT.name)} AS ${sql}`);
  try {
    if (config.on_schema_change === 'fail') await checkSchemaChange(session, relation);
    const on = (config.unique_key ?? []).map((k) => `target.${quoteIdent(k)} = source.${quoteIdent(k)}`).join(' AND ');
    if (strategy === 'append') await session.execute(`INSERT INTO ${target} BY NAME SELECT * FROM ${INCREMENT_REF}`);
    else if (strategy === 'merge') {
      await session.execute(`MERGE INTO ${target} AS target USING ${INCREMENT_REF} AS source ON ${on} WHEN MATCHED THEN UPDATE BY NAME WHEN NOT MATCHED THEN INSERT BY NAME`);
    } else {
      await session.execute('BEGIN TRANSACTION');
      try {
        await session.execute(`DELETE FROM ${target} AS target WHERE EXISTS (SELECT 1 FROM ${INCREMENT_REF} AS source WHERE ${on})`);
        await session.execute(`INSERT INTO ${target} BY NAME SELECT * FROM ${INCREMENT_REF}`);
        await session.execute('COMMIT');
      } catch (err) {
        await session.execute('ROLLBACK').catch(() => undefined);
        throw err;
      }
    }
  } finally {
    await session.execute(`DROP TABLE IF EXISTS ${INCREMENT_REF}`).catch(() => undefined);
  }
}

/**
 * Builds the step's relation; returns its row count (null for a view). `kind` is what the name holds now
 * (relationKinds): a relation of the other kind (the model changed from VIEW to TABLE, say) is dropped
 * first, since DuckDB replaces only its kind.
 */
export async function buildStep(session: WarehouseSession, step: StepToBuild, kind: string | undefined, filesDir: string): Promise<number | null> {
  const relation = { catalog: step.project, schema: step.schema, name: step.model };
  const target = tableRef(step.project, step.schema, step.model);
  const select = (sql: string, files: readonly string[]) => resolveSelect(sql, files, step.project, step.schema, filesDir);
  if (step.materialization === 'VIEW') {
    if (kind === 'BASE TABLE') await session.execute(`DROP TABLE ${target}`);
    await session.execute(`CREATE OR REPLACE VIEW ${target} AS ${await select(step.sql, step.files)}`);
  } else {
    if (kind === 'VIEW') await session.execute(`DROP VIEW ${target}`);
    const fullBuild = step.build?.full_build;
    // Compiled with is_incremental() true: add to the table, unless it is gone (then build it whole).
    if (step.materialization === 'INCREMENTAL' && fullBuild && kind === 'BASE TABLE') {
      await buildIncrement(session, relation, await select(step.sql, step.files), step.build?.config ?? {});
    } else {
      const whole = fullBuild ?? { sql: step.sql, files: step.files };
      await session.execute(`CREATE OR REPLACE TABLE ${target} AS ${await select(whole.sql, whole.files)}`);
    }
  }
  const contract = step.build?.contract;
  if (contract?.enforce && (contract.columns ?? []).length > 0) {
    const violations = await contractViolations(session, relation, contract);
    if (violations.length > 0) throw new Error(`contract of ${step.project}.${step.model} not met: ${violations.join('; ')}`);
  }
  return step.materialization === 'VIEW' ? null : session.count(`SELECT count(*) FROM ${target}`);
}
