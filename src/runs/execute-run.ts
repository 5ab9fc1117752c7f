// Executes one claimed run: its steps in DAG order on the warehouse, each model's tests after it builds,
// and dbt build semantics (a failed model or test skips everything downstream of it).
import type { TestConfig, TestType } from '../domain/models.js';
import { syncMacros } from '../engine/macro-sql.js';
import { buildStep } from '../engine/materialize.js';
import { relationKinds } from '../engine/relation-info.js';
import { parseSelect, renderSelect } from '../engine/sql-ast.js';
import { testQuery, type TestDefinition } from '../engine/test-sql.js';
import type { Warehouse, WarehouseSession } from '../engine/warehouse.js';
import { listMacroDefinitions } from '../store/macros.js';
import { listModelTests, listProjectModels } from '../store/models.js';
import { renewLease, updateStepFenced, type StepChanges } from '../store/run-queue.js';
import type { RunRow, RunStepRow } from '../store/schema.js';
import { insertTestResults, listStepsOfRun } from '../store/steps.js';
import type { ServiceContext } from '../services/context.js';

export interface ExecutionOptions {
  workerId: string;
  leaseMs: number;
  heartbeatMs: number;
}

export interface ExecutionOutcome {
  /** False when the run was taken from this worker (cancelled or reaped) while it executed. */
  owned: boolean;
  failures: string[];
}

/**
 * A project's tests, by model. custom_sql is rendered as model SQL is, so it reads the tables this run
 * built (in its target schema) and finds relative files in the project's files folder.
 */
async function testsByModel(ctx: ServiceContext, project: string, schema: string, filesDir: string): Promise<Map<string, (TestDefinition & { id: string })[]>> {
  const models = await listProjectModels(ctx.db, project);
  const modelNames = new Set(models.filter((m) => m.materialization !== 'EPHEMERAL').map((m) => m.name));
  const names = new Map(models.map((m) => [m.id, m.name]));
  const byModel = new Map<string, (TestDefinition & { id: string })[]>();
  for (const t of await listModelTests(ctx.db, models.map((m) => m.id))) {
    const name = names.get(t.model_id)!;
    const list = byModel.get(name) ?? byModel.set(name, []).get(name)!;
    const config = { ...(t.config as TestConfig) };
    if (config.custom_sql) {
      config.custom_sql = await renderSelect(await parseSelect(config.custom_sql, 'config.custom_sql'), { project, models: modelNames, targetSchema: schema, filesDir });
    }
    list.push({ id: t.id, name: t.name, test_type: t.test_type as TestType, column: t.column_name, config });
  }
  return byModel;
}

/** Runs a model's tests; returns how many did not PASS. */
async function runTests(
  ctx: ServiceContext,
  session: WarehouseSession,
  step: RunStepRow,
  relation: { project: string; schema: string; model: string },
  tests: (TestDefinition & { id: string })[],
  stillOwned: () => boolean,
): Promise<number> {
  const results = [];
  for (const test of tests) {
    const query = testQuery(test, relation.project, relation.schema, relation.model);
    try {
      const failing = await session.count(query.sql, query.params);
      results.push({ test, status: failing === 0 ? 'PASS' : 'FAIL', rows: failing, error: null });
    } catch (err) {
      results.push({ test, status: 'ERROR', rows: null, error: (err as Error).message });
    }
  }
  // A test interrupted by a cancel is not a test result of the (now CANCELLED) run.
  if (!stillOwned()) return 0;
  await insertTestResults(
    ctx.db,
    results.map((r) => ({
      id: ctx.newId(),
      run_id: step.run_id,
      run_step_id: step.id,
      test_id: r.test.id,
      test_name: r.test.name,
      status: r.status,
      rows_returned: r.rows,
      error_message: r.error,
      created_at: ctx.now(),
    })),
  );
  return results.filter((r) => r.status !== 'PASS').length;
}

export async function executeRun(ctx: ServiceContext, warehouse: Warehouse, run: RunRow, options: ExecutionOptions): Promise<ExecutionOutcome> {
  const project = run.project_name!;
  const schema = run.target_schema ?? project;
  const steps = await listStepsOfRun(ctx.db, run.id);
  const filesDir = warehouse.filesDir(project);
  const tests = await testsByModel(ctx, project, schema, filesDir);
  const session = await warehouse.open(project, schema);
  // Every macro of /v1/macros, defined before any model calls one. What each name holds is read once: a run
  // builds each model once, and only this run writes the warehouse meanwhile.
  let kinds: Map<string, string>;
  try {
    await syncMacros(session, project, schema, await listMacroDefinitions(ctx.db));
    kinds = await relationKinds(session, project, schema);
  } catch (err) {
    await session.close();
    throw err;
  }
  let owned = true;
  const heartbeat = setInterval(() => {
    renewLease(ctx.db, run.id, options.workerId, options.leaseMs)
      .then((still) => {
        if (!still && owned) {
          owned = false;
          session.interrupt();
        }
      })
      .catch(() => undefined);
  }, options.heartbeatMs);

  const blocked = new Set<string>();
  const failures: string[] = [];
  // A refused move means the run was ended under this worker (see updateStepFenced): stop, change nothing.
  const move = async (step: RunStepRow, changes: StepChanges): Promise<boolean> => {
    await ctx.racepoints.beforeStepUpdate?.(run.id, step.model_name, changes.status);
    if (await updateStepFenced(ctx.db, run.id, step.id, options.workerId, changes)) return true;
    owned = false;
    return false;
  };
  try {
    for (const step of steps) {
      if (!owned) break;
      const blocker = step.depends_on.find((d) => blocked.has(d));
      if (blocker) {
        blocked.add(step.model_name);
        if (!(await move(step, { status: 'SKIPPED', error_message: `skipped: upstream model "${blocker}" failed` }))) break;
        continue;
      }
      if (!(await move(step, { status: 'RUNNING', started_at: ctx.now() }))) break;
      await ctx.racepoints.beforeStepExecute?.(run.id, step.model_name);
      try {
        // Steps name models `project.name`; the relation is the bare name in the run's schema.
        const model = step.model_name.slice(project.length + 1);
        const files = (step.inputs as { files?: string[] } | null)?.files ?? [];
        const rows = await buildStep(
          session,
          { project, schema, model, materialization: step.materialization!, sql: step.compiled_sql!, files, build: step.build },
          kinds.get(model),
          filesDir,
        );
        // Refused: the run ended under this worker, and its tests would not be results of that run.
        if (!(await move(step, { status: 'SUCCESS', finished_at: ctx.now(), rows_affected: rows }))) break;
        const failed = await runTests(ctx, session, step, { project, schema, model }, tests.get(model) ?? [], () => owned);
        if (failed > 0) {
          blocked.add(step.model_name);
          failures.push(`${failed} test(s) of ${step.model_name} did not pass`);
        }
      } catch (err) {
        if (!owned) break;
        blocked.add(step.model_name);
        failures.push(`${step.model_name}: ${(err as Error).message}`);
        await move(step, { status: 'FAILED', finished_at: ctx.now(), error_message: (err as Error).message });
      }
    }
  } finally {
    clearInterval(heartbeat);
    await session.close();
  }
  return { owned, failures };
}
