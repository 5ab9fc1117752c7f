// Trigger and cancel triggered runs: what the Models API's POST /model-runs and /cancel do.
import { Errors, fail } from '../domain/errors.js';
import type { ModelConfig, ModelContract } from '../domain/model-settings.js';
import { DEFAULT_TARGET_CATALOG, type TriggerModelRun } from '../domain/model-run-request.js';
import type { Materialization } from '../domain/models.js';
import type { RunView } from '../domain/run-schemas.js';
import { isCancellable } from '../domain/run-status.js';
import { compileRun } from '../engine/compile-run.js';
import type { Warehouse } from '../engine/warehouse.js';
import { listMacroDefinitions, recordMacroUsages } from '../store/macros.js';
import { findProjectSettings } from '../store/model-projects.js';
import { listAllModels } from '../store/models.js';
import { lockRun } from '../store/run-queue.js';
import { insertRun } from '../store/runs.js';
import { insertSteps, latestBuilds } from '../store/steps.js';
import type { Principal, ServiceContext } from '../services/context.js';
import { getRun, toRunView } from '../services/run-views.js';
import { finishTriggeredRun } from './finish-run.js';

export interface RunCommandDeps {
  warehouse: Warehouse;
  /** Wakes an in-process worker so a new run starts without waiting for its next poll. */
  onQueued?: () => void;
}

/**
 * Compiles the run whole before storing anything: a template or SQL fault of any selected model is a 400
 * naming the model (and line), and no run exists. What fails only when it runs fails its step.
 */
export async function triggerRun(ctx: ServiceContext, deps: RunCommandDeps, input: TriggerModelRun, principal: Principal | null): Promise<RunView> {
  const project = input.project_name;
  const catalog = input.target_catalog ?? DEFAULT_TARGET_CATALOG;
  if (catalog !== DEFAULT_TARGET_CATALOG && catalog !== project) {
    fail(Errors.validation, `target_catalog: "${catalog}" is not a catalog of project "${project}": send "${DEFAULT_TARGET_CATALOG}" or "${project}"`);
  }
  const models = await listAllModels(ctx.db);
  const own = models.filter((m) => m.project_name === project);
  if (own.length === 0) fail(Errors.validation, `project_name: project "${project}" has no models`);
  const schema = input.target_schema ?? project;
  const settings = await findProjectSettings(ctx.db, project);
  const runId = ctx.newId();
  const compiled = await compileRun({
    runId,
    project,
    targetSchema: schema,
    fullRefresh: input.full_refresh ?? false,
    selectors: input.model_names,
    models: models.map((m) => ({
      ...m,
      materialization: m.materialization as Materialization,
      config: m.config as ModelConfig | null,
      contract: m.contract as ModelContract | null,
    })),
    settings,
    vars: { ...settings.vars, ...input.vars },
    macros: (await listMacroDefinitions(ctx.db)).map((m) => m.name),
    builds: await latestBuilds(ctx.db, project, schema, own.map((m) => `${project}.${m.name}`)),
  });
  const now = ctx.now();
  const run = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await insertRun(tx, {
      id: runId,
      kind: 'triggered',
      status: 'PENDING',
      display_name: `${project} run`,
      project_name: project,
      trigger_type: 'MANUAL',
      triggered_by: principal?.username ?? null,
      model_names: JSON.stringify(input.model_names ?? []),
      full_refresh: input.full_refresh ?? false,
      target_schema: schema,
      vars: input.vars ? JSON.stringify(input.vars) : null,
      compile_manifest: compiled.manifest,
      compile_diagnostics: JSON.stringify({ warnings: compiled.warnings, errors: [] }),
      created_by: principal?.id ?? null,
      created_at: now,
    });
    await insertSteps(
      tx,
      compiled.steps.map((s) => ({
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
        vars_used: JSON.stringify(s.vars_used),
        macros_used: JSON.stringify(s.macros_used),
        inputs: JSON.stringify(s.reads),
        build: JSON.stringify(s.build),
        output_entity_id: s.output_entity_id,
        created_at: now,
      })),
    );
    await recordMacroUsages(
      tx,
      compiled.macroUsages.flatMap((u) =>
        u.macros.map((macro) => ({ macro_name: macro, project_name: project, model_name: u.model.slice(project.length + 1), target_schema: schema, last_seen_at: now })),
      ),
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
