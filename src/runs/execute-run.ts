// Executes one claimed run: its steps in DAG order on the warehouse, each model's tests after it builds,
// and dbt build semantics (a failed model or test skips everything downstream of it).
import type { Logger } from 'pino';
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
import { insertTestResults, listStepsOfRun, testTalliesOfRun } from '../store/steps.js';
import type { ServiceContext } from '../services/context.js';
import type { WorkerMetrics } from './worker-metrics.js';

export interface ExecutionOptions {
  workerId: string;
  leaseMs: number;
  heartbeatMs: number;
}

/** What one execution reports to, and is stopped by. */
export interface ExecutionHooks {
  /** Bound to the run. */
  log: Logger;
  metrics: WorkerMetrics;
  /** Aborted when the worker must stop now: the statement in flight is interrupted and the run left to be requeued. */
  signal: AbortSignal;
}

export interface ExecutionOutcome {
  /** False when the run was taken from this worker (cancelled or reaped) while it executed. */
  owned: boolean;
  /** True when the signal stopped it before its end: the steps it finished stand, the rest are for the next execution. */
  interrupted: boolean;
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

/** Runs a model's tests; returns how many did not PASS, or undefined when the results were not recorded. */
async function runTests(
  ctx: ServiceContext,
  session: WarehouseSession,
  step: RunStepRow,
  relation: { project: string; schema: string; model: string },
  tests: (TestDefinition & { id: string })[],
  stillOwned: () => boolean,
): Promise<number | undefined> {
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
  // A test interrupted by a cancel is not a test result of the (now CANCELLED) run; one interrupted by a
  // stop is none either: with no results recorded, the run's next execution runs the step's tests again.
  if (!stillOwned()) return undefined;
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

/**
 * A step a previous execution of this run finished (it was requeued by a stopping worker): what it means for
 * the steps after it, as if this execution had run it. A built step without test results had its tests cut short.
 */
const FINISHED_STEP: ReadonlySet<string> = new Set(['SUCCESS', 'FAILED', 'SKIPPED']);

type Resumed = { blocks: boolean; failure?: string; testsPending?: boolean };

function resumedStep(step: RunStepRow, tally: { results: number; notPassed: number } | undefined, hasTests: boolean): Resumed {
  if (step.status === 'FAILED') return { blocks: true, failure: `${step.model_name}: ${step.error_message ?? 'failed'}` };
  if (step.status === 'SKIPPED') return { blocks: true };
  if (hasTests && !tally) return { blocks: false, testsPending: true };
  const notPassed = tally?.notPassed ?? 0;
  return notPassed > 0 ? { blocks: true, failure: `${notPassed} test(s) of ${step.model_name} did not pass` } : { blocks: false };
}

export async function executeRun(
  ctx: ServiceContext,
  warehouse: Warehouse,
  run: RunRow,
  options: ExecutionOptions,
  hooks: ExecutionHooks,
): Promise<ExecutionOutcome> {
  const { log, metrics, signal } = hooks;
  if (signal.aborted) return { owned: true, interrupted: true, failures: [] };
  const project = run.project_name!;
  const schema = run.target_schema ?? project;
  const steps = await listStepsOfRun(ctx.db, run.id);
  const filesDir = warehouse.filesDir(project);
  const tests = await testsByModel(ctx, project, schema, filesDir);
  // Steps a previous execution finished before its worker stopped: empty for a run's first execution.
  const tallies = steps.some((s) => FINISHED_STEP.has(s.status)) ? await testTalliesOfRun(ctx.db, run.id) : new Map();
  const session = await warehouse.open(project, schema);
  const onAbort = () => session.interrupt();
  signal.addEventListener('abort', onAbort);
  // Every macro of /v1/macros, defined before any model calls one. What each name holds is read once: a run
  // builds each model once, and only this run writes the warehouse meanwhile.
  let kinds: Map<string, string>;
  try {
    await syncMacros(session, project, schema, await listMacroDefinitions(ctx.db));
    kinds = await relationKinds(session, project, schema);
  } catch (err) {
    signal.removeEventListener('abort', onAbort);
    await session.close();
    throw err;
  }
  let owned = true;
  let interrupted = false;
  const heartbeat = setInterval(() => {
    renewLease(ctx.db, run.id, options.workerId, options.leaseMs)
      .then((still) => {
        metrics.leaseRenewed('runs', still);
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
  /** Runs a built step's tests; false when the execution must stop (cancelled, reaped or interrupted). */
  const test = async (step: RunStepRow, model: string): Promise<boolean> => {
    const failed = await runTests(ctx, session, step, { project, schema, model }, tests.get(model) ?? [], () => owned && !signal.aborted);
    if (failed === undefined) {
      interrupted = owned;
      return false;
    }
    if (failed > 0) {
      blocked.add(step.model_name);
      failures.push(`${failed} test(s) of ${step.model_name} did not pass`);
    }
    return true;
  };
  try {
    for (const step of steps) {
      if (!owned) break;
      if (signal.aborted) {
        interrupted = true;
        break;
      }
      // Steps name models `project.name`; the relation is the bare name in the run's schema.
      const model = step.model_name.slice(project.length + 1);
      if (FINISHED_STEP.has(step.status)) {
        const resumed = resumedStep(step, tallies.get(step.id), (tests.get(model) ?? []).length > 0);
        if (resumed.blocks) blocked.add(step.model_name);
        if (resumed.failure) failures.push(resumed.failure);
        if (resumed.testsPending && !(await test(step, model))) break;
        continue;
      }
      const blocker = step.depends_on.find((d) => blocked.has(d));
      if (blocker) {
        blocked.add(step.model_name);
        if (!(await move(step, { status: 'SKIPPED', error_message: `skipped: upstream model "${blocker}" failed` }))) break;
        continue;
      }
      if (!(await move(step, { status: 'RUNNING', started_at: ctx.now() }))) break;
      log.info({ step: step.model_name }, 'step started');
      const startedAt = Date.now();
      await ctx.racepoints.beforeStepExecute?.(run.id, step.model_name);
      try {
        const files = (step.inputs as { files?: string[] } | null)?.files ?? [];
        const rows = await buildStep(
          session,
          { project, schema, model, materialization: step.materialization!, sql: step.compiled_sql!, files, build: step.build },
          kinds.get(model),
          filesDir,
        );
        // Refused: the run ended under this worker, and its tests would not be results of that run.
        if (!(await move(step, { status: 'SUCCESS', finished_at: ctx.now(), rows_affected: rows }))) break;
        const durationMs = Date.now() - startedAt;
        metrics.stepEnded('SUCCESS', durationMs / 1000);
        log.info({ step: step.model_name, status: 'SUCCESS', durationMs, rows }, 'step finished');
        if (!(await test(step, model))) break;
      } catch (err) {
        if (!owned) break;
        // Interrupted by a stop, not failed: the step goes back to PENDING with its run.
        if (signal.aborted) {
          interrupted = true;
          log.info({ step: step.model_name }, 'step interrupted');
          break;
        }
        const message = (err as Error).message;
        blocked.add(step.model_name);
        failures.push(`${step.model_name}: ${message}`);
        await move(step, { status: 'FAILED', finished_at: ctx.now(), error_message: message });
        const durationMs = Date.now() - startedAt;
        metrics.stepEnded('FAILED', durationMs / 1000);
        log.warn({ step: step.model_name, status: 'FAILED', durationMs, error: message }, 'step finished');
      }
    }
  } finally {
    clearInterval(heartbeat);
    signal.removeEventListener('abort', onAbort);
    await session.close();
  }
  return { owned, interrupted: owned && interrupted, failures };
}
