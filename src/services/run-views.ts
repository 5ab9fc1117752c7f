// Reads of runs of every origin through one view: list, get, steps and test results.
import { Errors, fail } from '../domain/errors.js';
import { decodeIntegerKey, decodeStringPairKey, toPage, type Page } from '../domain/pagination.js';
import { nonEmpty, withoutNulls, type RunView, type StepView, type TestResultView } from '../domain/run-schemas.js';
import type { RunKind, RunStatus, StepStatus, TestStatus } from '../domain/run-status.js';
import { findStep, listRunTestResults, listTestResults, pageStepsOfRun } from '../store/steps.js';
import { findRunById, type RunFilter } from '../store/runs.js';
import type { RunRow, RunStepRow, TestResultRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { pageRuns } from './run-pages.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const int = (v: string | number | null) => (v === null ? null : Number(v));

export function toRunView(row: RunRow): RunView {
  return withoutNulls({
    id: row.id,
    kind: row.kind as RunKind,
    status: row.status as RunStatus,
    display_name: row.display_name,
    trigger_type: row.trigger_type as RunView['trigger_type'] | null,
    triggered_by: row.triggered_by,
    project_name: row.project_name,
    model_names: nonEmpty(row.model_names),
    full_refresh: row.full_refresh,
    target_schema: row.target_schema,
    vars: row.vars && Object.keys(row.vars).length > 0 ? row.vars : null,
    compile_manifest: row.compile_manifest,
    compile_diagnostics: row.compile_diagnostics,
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
    error_message: row.error_message,
    created_by: row.created_by,
    pipeline_id: row.pipeline_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  });
}

export function toStepView(row: RunStepRow): StepView {
  const isModelStep = row.materialization !== null;
  const view = withoutNulls({
    id: row.id,
    run_id: row.run_id,
    order: row.position,
    tier: row.tier,
    model_name: row.model_name,
    status: row.status as StepStatus,
    materialization: row.materialization,
    compiled_sql: row.compiled_sql,
    compiled_hash: row.compiled_hash,
    depends_on: nonEmpty(row.depends_on),
    vars_used: nonEmpty(row.vars_used),
    macros_used: nonEmpty(row.macros_used),
    rows_affected: int(row.rows_affected),
    output_entity_id: row.output_entity_id,
    provider_name: row.provider_name,
    invocation: row.invocation,
    model_params: row.model_params,
    inputs: row.inputs,
    elapsed_time: row.elapsed_time,
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
    error_message: row.error_message,
    created_at: row.created_at.toISOString(),
    parent_step_id: row.parent_step_id,
    span_id: row.span_id,
    span_kind: row.span_kind,
    attributes: row.attributes,
    events: row.events as StepView['events'] | null,
    usage: row.usage,
    // Gentrace step run fields runledger does not interpret.
    extra: row.extra,
  });
  // An ingested step's outputs are any JSON value as sent, null included; a SQL step has none.
  return isModelStep ? view : { ...view, outputs: row.outputs };
}

function toTestResultView(row: TestResultRow): TestResultView {
  return withoutNulls({
    id: row.id,
    run_step_id: row.run_step_id,
    test_id: row.test_id,
    test_name: row.test_name,
    status: row.status as TestStatus,
    rows_returned: int(row.rows_returned),
    error_message: row.error_message,
    created_at: row.created_at.toISOString(),
    run_id: row.run_id,
    score: row.score,
    label: row.label,
    evaluation: row.evaluation,
  });
}

export async function getRun(ctx: ServiceContext, id: string): Promise<RunView> {
  const row = await findRunById(ctx.db, id);
  if (!row) fail(Errors.notFound, `no run with id "${id}"`);
  return toRunView(row);
}

export async function listAllRuns(
  ctx: ServiceContext,
  filter: RunFilter,
  limit: number,
  pageToken: string | undefined,
) {
  return pageRuns(ctx, filter, limit, pageToken, toRunView);
}

export async function listRunSteps(ctx: ServiceContext, runId: string, limit: number, pageToken: string | undefined): Promise<Page<StepView>> {
  await getRun(ctx, runId);
  const rows = await pageStepsOfRun(ctx.db, runId, limit, pageToken ? decodeIntegerKey(pageToken) : undefined);
  return toPage(rows.map(toStepView), limit, (s) => [s.order]);
}

export async function listStepTestResults(
  ctx: ServiceContext,
  runId: string,
  stepId: string,
  limit: number,
  pageToken: string | undefined,
): Promise<Page<TestResultView>> {
  const step = await findStep(ctx.db, runId, stepId);
  if (!step) fail(Errors.notFound, `run "${runId}" has no step "${stepId}"`);
  const rows = await listTestResults(ctx.db, stepId, limit, pageToken ? decodeStringPairKey(pageToken) : undefined);
  return toPage(rows.map(toTestResultView), limit, (r) => [r.test_name, r.id]);
}

/** Every test result of a run, of its steps' tests and of its evaluations, by test name. */
export async function listRunTestResultsPage(ctx: ServiceContext, runId: string, limit: number, pageToken: string | undefined): Promise<Page<TestResultView>> {
  await getRun(ctx, runId);
  const rows = await listRunTestResults(ctx.db, runId, limit, pageToken ? decodeStringPairKey(pageToken) : undefined);
  return toPage(rows.map(toTestResultView), limit, (r) => [r.test_name, r.id]);
}
