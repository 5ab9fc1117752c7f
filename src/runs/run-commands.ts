// Trigger and cancel triggered runs: what the Models API's POST /model-runs and /cancel do.
import { Errors, fail } from '../domain/errors.js';
import type { TriggerRun } from '../domain/models.js';
import type { RunView } from '../domain/run-schemas.js';
import { isCancellable } from '../domain/run-status.js';
import { compileRun } from '../engine/compile-run.js';
import type { Warehouse } from '../engine/warehouse.js';
import { listProjectModels } from '../store/models.js';
import { lockRun } from '../store/run-queue.js';
import { insertRun } from '../store/runs.js';
import { insertSteps } from '../store/steps.js';
import type { Principal, ServiceContext } from '../services/context.js';
import { dagNodes } from '../services/models-service.js';
import { getRun, toRunView } from '../services/run-views.js';
import { finishTriggeredRun } from './finish-run.js';

export interface RunCommandDeps {
  warehouse: Warehouse;
  /** Wakes an in-process worker so a new run starts without waiting for its next poll. */
  onQueued?: () => void;
}

export async function triggerRun(ctx: ServiceContext, deps: RunCommandDeps, input: TriggerRun, principal: Principal | null): Promise<RunView> {
  const rows = await listProjectModels(ctx.db, input.project_name);
  if (rows.length === 0) fail(Errors.validation, `project_name: project "${input.project_name}" has no models`);
  const nodes = dagNodes(rows);
  const models = rows.map((r, i) => ({ ...nodes[i]!, sql: r.sql, materialization: r.materialization as 'VIEW' | 'TABLE' }));
  const runId = ctx.newId();
  const schema = input.target_schema ?? input.project_name;
  const steps = await compileRun({
    runId,
    project: input.project_name,
    targetSchema: schema,
    models,
    selectors: input.model_names,
  });
  const now = ctx.now();
  const run = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await insertRun(tx, {
      id: runId,
      kind: 'triggered',
      status: 'PENDING',
      display_name: `${input.project_name} run`,
      project_name: input.project_name,
      trigger_type: 'MANUAL',
      triggered_by: principal?.username ?? null,
      model_names: JSON.stringify(input.model_names ?? []),
      full_refresh: input.full_refresh ?? false,
      target_schema: schema,
      created_by: principal?.id ?? null,
      created_at: now,
    });
    await insertSteps(
      tx,
      steps.map((s) => ({
        id: ctx.newId(),
        run_id: runId,
        position: s.position,
        tier: s.tier,
        model_name: s.model_name,
        status: 'PENDING',
        materialization: s.materialization,
        compiled_sql: s.compiled_sql,
        compiled_hash: s.compiled_hash,
        depends_on: JSON.stringify(s.depends_on),
        inputs: JSON.stringify(s.reads),
        output_entity_id: s.output_entity_id,
        created_at: now,
      })),
    );
    return inserted;
  });
  deps.onQueued?.();
  return toRunView(run);
}

export async function cancelRun(ctx: ServiceContext, runId: string, principal: Principal | null): Promise<RunView> {
  await getRun(ctx, runId);
  const who = principal?.username ?? 'anonymous';
  await ctx.db.transaction().execute(async (tx) => {
    const run = await lockRun(tx, runId);
    if (!run) fail(Errors.notFound, `no run with id "${runId}"`);
    if (!isCancellable(run.status)) fail(Errors.runNotCancellable, `cannot cancel run in status ${run.status}`);
    const message = `cancelled by ${who}`;
    // The worker executing it sees the status change at its next heartbeat and interrupts DuckDB.
    await finishTriggeredRun(tx, run, { status: 'CANCELLED', error: message, openSteps: { running: 'CANCELLED', pending: 'CANCELLED', message } }, ctx.now());
    await ctx.racepoints.beforeCancelCommit?.(runId);
  });
  return getRun(ctx, runId);
}
