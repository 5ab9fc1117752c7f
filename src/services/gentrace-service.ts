// Gentrace ingestion: store a pipeline run, its step runs and their provenance in one transaction, once
// per id; and read runs and pipelines back in Gentrace's shapes.
import { Errors, fail } from '../domain/errors.js';
import { canonicalJson, isStepFailed, runErrorMessage, type IngestRun } from '../domain/gentrace.js';
import { parseInstant, toUtcIso } from '../domain/gentrace-values.js';
import { ORGANIZATION_ID, runV2Extras, stepRunV2Extras, type PipelineList, type PipelineRunResponse, type RunV2 } from '../domain/gentrace-views.js';
import { uuidFromDigest } from '../domain/ids.js';
import { inLockOrder, type LineageEdge, type LineageNode } from '../domain/lineage-vocabulary.js';
import { pipelineIdCache } from './pipeline-id-cache.js';
import { decodePageToken, toPage } from '../domain/pagination.js';
import type { ProvDocument, ProvJson } from '../prov/document.js';
import { buildPipelineRunProv, pipelineRunProvFromStore, sha256Hex, valueEntity, type ProvStep } from '../prov/pipeline-run-prov.js';
import { findStoredPipelineRun } from '../store/ingested-run-rows.js';
import {
  ensurePipeline,
  findRunFingerprint,
  isDuplicateRunId,
  isNonRunNode,
  isTakenNodeId,
  listPipelines,
  type RunFingerprint,
} from '../store/pipelines.js';
import { fitsOneStatement, insertNewRunWithLineage } from '../store/run-statement.js';
import { findRunByIdAndKind, insertRunWithLineage, type RunWithLineage } from '../store/runs.js';
import type { NewRun, NewRunStep } from '../store/schema.js';
import { insertTestResults, listStepsOfRun } from '../store/steps.js';
import type { Principal, ServiceContext } from './context.js';
import { evaluationRows } from './gentrace-evaluations.js';

/** The same id with the same request is the same run (200, nothing stored); with another request, a 409. */
function resubmission(id: string, known: RunFingerprint, requestHash: string): PipelineRunResponse {
  if (known.kind === 'ingested' && known.request_hash === requestHash) return { pipelineRunId: id };
  const what = known.kind === 'ingested' ? 'an ingested run with a different body' : `a ${known.kind} run`;
  return fail(Errors.conflict, `id "${id}" already names ${what}; send a new id for a new run`);
}

/** The earliest start and latest end of the steps (as sent, keeping microseconds), or now for a run without steps. */
function runSpan(run: IngestRun, now: Date): { started: string | Date; finished: string | Date } {
  if (run.stepRuns.length === 0) return { started: now, finished: now };
  const extreme = (times: string[], later: boolean) => {
    const instants = times.map((t) => parseInstant(t)!);
    const best = instants.reduce((b, t, i) => ((later ? t > instants[b]! : t < instants[b]!) ? i : b), 0);
    return times[best]!;
  };
  return {
    started: extreme(run.stepRuns.map((s) => s.startTime), false),
    finished: extreme(run.stepRuns.map((s) => s.endTime), true),
  };
}

const asDate = (t: string | Date) => (typeof t === 'string' ? new Date(toUtcIso(t)) : t);

function stepRow(runId: string, step: ProvStep, now: Date): NewRunStep {
  const s = step.run;
  return {
    id: step.id,
    run_id: runId,
    position: step.order,
    model_name: `${s.providerName}:${s.invocation}`,
    status: step.status,
    depends_on: '[]',
    output_entity_id: step.outputs.id,
    provider_name: s.providerName,
    invocation: s.invocation,
    model_params: JSON.stringify(s.modelParams),
    inputs: JSON.stringify(s.inputs),
    outputs: JSON.stringify(s.outputs),
    context: s.context === undefined ? null : JSON.stringify(s.context),
    elapsed_time: s.elapsedTime,
    // PostgreSQL parses the text as sent, so microseconds from Python clients survive.
    started_at: s.startTime.toUpperCase(),
    finished_at: s.endTime.toUpperCase(),
    error_message: isStepFailed(s) ? s.error! : null,
    created_at: now,
    extra: s.extra === undefined ? null : JSON.stringify(s.extra),
  };
}

/**
 * SHA-256 of the request's canonical JSON with each inputs and outputs object replaced by the SHA-256 of its
 * own canonical JSON, which its lineage id needs anyway: equal exactly when the requests' canonical JSON is
 * equal (an object and a digest string cannot be mistaken for one another), without serialising the bulk twice.
 */
function requestHash(run: IngestRun, steps: readonly ProvStep[]): string {
  const stepRuns = run.stepRuns.map((s, i) => ({ ...s, inputs: steps[i]!.inputs.sha256, outputs: steps[i]!.outputs.sha256 }));
  return sha256Hex(canonicalJson({ ...run, stepRuns }));
}


interface IngestPlan {
  now: Date;
  requestHash: string;
  run: Omit<NewRun, 'pipeline_id'>;
  steps: NewRunStep[];
  /** Sorted, so transactions that add the same new values take their locks in one order and cannot deadlock. */
  nodes: LineageNode[];
  edges: LineageEdge[];
}

/** The PROV document of a run as sent, which the stored rows rebuild exactly (pipelineRunProvFromStore). */
export function pipelineRunProvOfRequest(
  id: string,
  run: IngestRun,
  steps: readonly ProvStep[],
  principal: Principal | null,
  now: Date,
): ProvDocument {
  const error = runErrorMessage(run);
  const span = runSpan(run, now);
  return buildPipelineRunProv({
    runId: id,
    displayName: run.name ?? run.slug,
    pipelineSlug: run.slug,
    status: error === null ? 'SUCCESS' : 'FAILED',
    startedAt: asDate(span.started),
    finishedAt: asDate(span.finished),
    steps,
    ...(principal ? { lodgedBy: { id: principal.id, username: principal.username } } : {}),
  });
}

function planIngest(ctx: ServiceContext, id: string, run: IngestRun, principal: Principal | null): IngestPlan {
  const now = ctx.now();
  const error = runErrorMessage(run);
  const status = error === null ? 'SUCCESS' : 'FAILED';
  const span = runSpan(run, now);
  const displayName = run.name ?? run.slug;
  const steps: ProvStep[] = run.stepRuns.map((s, order) => ({
    id: ctx.newId(),
    order,
    status: isStepFailed(s) ? 'FAILED' : 'SUCCESS',
    run: s,
    inputs: valueEntity(s.inputs),
    outputs: valueEntity(s.outputs),
  }));
  // Only its lineage is written: the document itself is rebuilt from the rows when asked for (getPipelineRunProv).
  const doc = pipelineRunProvOfRequest(id, run, steps, principal, now);
  const hash = requestHash(run, steps);
  // The run row keeps the run-level fields; the step runs, which hold the bulk, live in run_steps only.
  const { stepRuns: _steps, ...record } = run;
  return {
    now,
    requestHash: hash,
    run: {
      id,
      kind: 'ingested',
      status,
      display_name: displayName,
      record: JSON.stringify(record),
      prov_json: null,
      error_message: error,
      started_at: span.started,
      finished_at: span.finished,
      created_by: principal?.id ?? null,
      created_at: now,
      request_hash: hash,
    },
    steps: steps.map((step) => stepRow(id, step, now)),
    nodes: inLockOrder.nodes(doc.lineageNodes()),
    edges: inLockOrder.edges(doc.lineageEdges()),
  };
}

/**
 * Writes the run in one unit: a run of a known pipeline that fits one statement is that one statement (atomic by
 * itself, so no BEGIN and COMMIT); a pipeline's first run, or a run too large for one statement, is a transaction.
 * Only the latter has a point between the write and the commit, so only it reaches racepoints.afterRunInsert.
 */
async function writeRun(ctx: ServiceContext, id: string, run: IngestRun, plan: IngestPlan, principal: Principal | null, known: string | undefined): Promise<string> {
  const { steps, nodes, edges } = plan;
  const rows = (pipelineId: string): RunWithLineage => ({ run: { ...plan.run, pipeline_id: pipelineId }, steps, nodes, edges });
  // Evaluations go in another table, so a run that has them takes the transaction.
  const evaluations = run.evaluations ?? [];
  if (known !== undefined && evaluations.length === 0 && fitsOneStatement(rows(known))) {
    await insertNewRunWithLineage(ctx.db, rows(known));
    return known;
  }
  return ctx.db.transaction().execute(async (tx) => {
    const pipeline =
      known ??
      (await ensurePipeline(tx, {
        id: ctx.newId(),
        slug: run.slug,
        display_name: run.name ?? run.slug,
        created_at: plan.now,
        created_by: principal?.id ?? null,
      }));
    const all = rows(pipeline);
    if (fitsOneStatement(all)) await insertNewRunWithLineage(tx, all);
    else {
      if (await isNonRunNode(tx, id)) fail(Errors.conflict, `id "${id}" already names another item; send a new id for a new run`);
      await insertRunWithLineage(tx, all);
    }
    if (evaluations.length > 0) await insertTestResults(tx, evaluationRows(ctx, id, evaluations, plan.now));
    await ctx.racepoints.afterRunInsert?.();
    return pipeline;
  });
}

export async function ingestPipelineRun(ctx: ServiceContext, run: IngestRun, principal: Principal | null): Promise<PipelineRunResponse> {
  const id = run.id ?? ctx.newId();
  const plan = planIngest(ctx, id, run, principal);
  const pipelines = pipelineIdCache(ctx, 'slug');
  let pipelineId: string;
  try {
    pipelineId = await writeRun(ctx, id, run, plan, principal, pipelines.get(run.slug));
  } catch (error) {
    // The id is taken (a retry, or a race on one id that the other request won), by a run or by another node:
    // nothing was written (and any pipeline the transaction made rolled back). Compare the requests.
    const takenNode = isTakenNodeId(error);
    if (!isDuplicateRunId(error) && !takenNode) throw error;
    const taken = await findRunFingerprint(ctx.db, id);
    if (taken) return resubmission(id, taken, plan.requestHash);
    if (takenNode) fail(Errors.conflict, `id "${id}" already names another item; send a new id for a new run`);
    throw error;
  }
  // Only once committed: a rolled-back pipeline must not be remembered.
  pipelines.set(run.slug, pipelineId);
  return { pipelineRunId: id };
}

/** Gentrace's "step": one per pipeline, provider and invocation, so the same call in two runs has one id. */
function stepIdOf(pipelineId: string | null, providerName: string | null, invocation: string | null): string {
  return uuidFromDigest(sha256Hex(`gentrace-step:${pipelineId}:${providerName}:${invocation}`));
}

/** An ingested run's PROV-JSON document, rebuilt from its rows (ingestion stores the rows, not the document). */
export async function getPipelineRunProv(ctx: ServiceContext, id: string): Promise<ProvJson> {
  const stored = await findStoredPipelineRun(ctx.db, id);
  if (!stored) fail(Errors.notFound, `no ingested run with id "${id}"`);
  return pipelineRunProvFromStore(stored).toJSON();
}

const seconds = (d: Date | null) => (d ? d.getTime() / 1000 : 0);

export async function getRunV2(ctx: ServiceContext, id: string): Promise<RunV2> {
  const row = await findRunByIdAndKind(ctx.db, id, 'ingested');
  if (!row) fail(Errors.notFound, `no ingested run with id "${id}"`);
  const metadata = (row.record?.metadata ?? null) as Record<string, unknown> | null;
  const steps = await listStepsOfRun(ctx.db, id);
  return {
    ...runV2Extras(row.record),
    id: row.id,
    stepRuns: steps.map((s) => ({
      ...stepRunV2Extras(s.extra),
      stepRunId: s.id,
      stepId: stepIdOf(row.pipeline_id, s.provider_name, s.invocation),
      providerName: s.provider_name ?? '',
      invocation: s.invocation ?? '',
      order: s.position,
      modelParams: s.model_params ?? {},
      inputs: s.inputs ?? {},
      outputs: s.outputs,
      elapsedTime: s.elapsed_time ?? 0,
      startTime: seconds(s.started_at),
      endTime: seconds(s.finished_at),
      metadata,
      error: s.error_message,
    })),
  };
}

export async function listPipelinesPage(
  ctx: ServiceContext,
  filter: { slug?: string; label?: string },
  limit: number,
  pageToken: string | undefined,
): Promise<PipelineList> {
  // Ingestion gives pipelines no labels, so a label filter matches none.
  if (filter.label !== undefined) return { pipelines: [] };
  const after = pageToken ? String(decodePageToken(pageToken, 1)[0]) : undefined;
  const rows = await listPipelines(ctx.db, filter.slug === undefined ? {} : { slug: filter.slug }, limit, after);
  const page = toPage(rows, limit, (row) => [row.slug]);
  return {
    pipelines: page.data.map((p) => ({
      id: p.id,
      slug: p.slug,
      displayName: p.display_name,
      labels: [],
      createdAt: p.created_at.toISOString(),
      updatedAt: p.created_at.toISOString(),
      archivedAt: null,
      branch: null,
      goldenDatasetId: null,
      organizationId: ORGANIZATION_ID,
    })),
    ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}),
  };
}
