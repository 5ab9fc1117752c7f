// Ingestion of trace spans (OTLP): each trace is one ingested run, each span a step of it, stored with its
// provenance. One request is one transaction: its spans are all stored, or (on a failure) none. Spans that
// cannot be stored (a rule broken, a trace id naming another run, a span id seen before with other content)
// are refused one by one and reported, as OTLP's partial success has it.
import { AppError, Errors } from '../domain/errors.js';
import { canonicalJson } from '../domain/gentrace.js';
import { inLockOrder, type LineageNode } from '../domain/lineage-vocabulary.js';
import { pipelineIdCache } from './pipeline-id-cache.js';
import { readSpanContent, type SpanContent } from '../domain/span-content.js';
import { checkStorableJson } from '../domain/storable-json.js';
import { elapsedMillis, nanosToIso, pipelineOf, spanProblem, traceRunId, type SpanRecord } from '../domain/trace-spans.js';
import { ProvDocument } from '../prov/document.js';
import { sha256Hex, valueEntity } from '../prov/pipeline-run-prov.js';
import { addSpanStep, spanStepId } from '../prov/span-prov.js';
import { upsertLineageNodes, insertLineageEdges, insertLineageNodes } from '../store/lineage.js';
import { ensurePipeline, ensurePipelineWithId } from '../store/pipelines.js';
import type { NewRun, NewRunStep, Tx } from '../store/schema.js';
import { deleteNewRuns, findNodeIds, findSpanHashes, insertSpanSteps, lockTraceRuns, refreshTraceRuns } from '../store/trace-runs.js';
import { isTransientStoreError } from '../store/transient-errors.js';
import type { Principal, ServiceContext } from './context.js';

export interface SpanRejection {
  traceId: string;
  spanId: string;
  reason: string;
}

export interface TraceIngestResult {
  accepted: number;
  rejected: SpanRejection[];
}

/** A span ready to store: its step row (pipeline still to resolve) and what its provenance needs. */
interface PlannedSpan {
  span: SpanRecord;
  runId: string;
  stepId: string;
  hash: string;
  content: SpanContent;
  /** 0: Gentrace's pipeline id; 1: service.name. */
  pipeline: { rank: 0 | 1; key: string } | undefined;
}

const unstorable = (field: string, message: string): never => {
  throw new Error(`${field} ${message}`);
};

/** SHA-256 of the span as received, times as decimal text: what a repeated span is compared by. */
function spanHash(span: SpanRecord): string {
  const { startNanos, endNanos, events, ...rest } = span;
  const text = canonicalJson({
    ...rest,
    startNanos: String(startNanos),
    endNanos: String(endNanos),
    events: events.map((e) => ({ ...e, timeNanos: String(e.timeNanos) })),
  });
  return sha256Hex(text);
}

function planSpan(span: SpanRecord): PlannedSpan | string {
  const problem = spanProblem(span);
  if (problem) return problem;
  const content = readSpanContent(span);
  // Values parsed out of JSON texts (Gentrace's args and output) are checked as a body is: PostgreSQL must hold them.
  try {
    for (const field of ['inputs', 'outputs', 'modelParams', 'usage'] as const) checkStorableJson(content[field], field, unstorable);
    checkStorableJson(span.attributes, 'attributes', unstorable);
  } catch (error) {
    return (error as Error).message;
  }
  const named = pipelineOf(span);
  return {
    span,
    runId: traceRunId(span.traceId),
    stepId: spanStepId(span.traceId, span.spanId),
    hash: spanHash(span),
    content,
    pipeline: !named ? undefined : 'gentraceId' in named ? { rank: 0, key: named.gentraceId } : { rank: 1, key: named.serviceName },
  };
}

const pipelineKey = (p: { rank: number; key: string }) => `${p.rank}:${p.key}`;


/** In key order, so concurrent first uses of several pipelines wait for each other in one order. */
async function resolvePipelines(tx: Tx, ctx: ServiceContext, planned: PlannedSpan[], known: Map<string, string>, principal: Principal | null) {
  const wanted = new Map<string, { rank: 0 | 1; key: string }>();
  for (const p of planned) if (p.pipeline) wanted.set(pipelineKey(p.pipeline), p.pipeline);
  const resolved = new Map<string, string>();
  for (const [k, p] of [...wanted.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const cached = known.get(k);
    if (cached) {
      resolved.set(k, cached);
      continue;
    }
    const base = { display_name: p.key, created_at: ctx.now(), created_by: principal?.id ?? null };
    resolved.set(k, p.rank === 0 ? await ensurePipelineWithId(tx, { ...base, id: p.key, slug: p.key }) : await ensurePipeline(tx, { ...base, id: ctx.newId(), slug: p.key }));
  }
  return resolved;
}

function runRow(p: PlannedSpan, principal: Principal | null, now: Date): NewRun {
  const start = nanosToIso(p.span.startNanos);
  return {
    id: p.runId,
    kind: 'ingested',
    status: 'SUCCESS',
    display_name: `trace ${p.span.traceId}`,
    record: JSON.stringify({ trace_id: p.span.traceId }),
    prov_json: null,
    started_at: start,
    finished_at: start,
    created_by: principal?.id ?? null,
    created_at: now,
    trace_id: p.span.traceId,
  };
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

function stepRow(p: PlannedSpan, pipelineId: string | undefined, now: Date): NewRunStep {
  const { span, content } = p;
  const outputs = content.outputs ? valueEntity(content.outputs) : null;
  const events = span.events.map((e) => ({ name: e.name, time: nanosToIso(e.timeNanos), attributes: e.attributes }));
  const context = { resource: span.resource, scope: span.scope, ...(pipelineId ? { pipeline_id: pipelineId, pipeline_rank: p.pipeline!.rank } : {}) };
  return {
    id: p.stepId,
    run_id: p.runId,
    // Renumbered by start time once the request's spans are in (refreshTraceRuns).
    position: 0,
    model_name: span.name,
    status: content.error === null ? 'SUCCESS' : 'FAILED',
    depends_on: '[]',
    output_entity_id: outputs?.id ?? null,
    provider_name: content.providerName,
    invocation: content.invocation,
    model_params: json(content.modelParams),
    inputs: json(content.inputs),
    outputs: json(content.outputs),
    context: JSON.stringify(context),
    elapsed_time: elapsedMillis(span),
    started_at: nanosToIso(span.startNanos),
    finished_at: nanosToIso(span.endNanos),
    error_message: content.error,
    created_at: now,
    parent_step_id: span.parentSpanId === '' ? null : spanStepId(span.traceId, span.parentSpanId),
    span_id: span.spanId,
    span_kind: span.kind as string,
    attributes: JSON.stringify(span.attributes),
    events: JSON.stringify(events),
    usage: json(content.usage),
    span_hash: p.hash,
  };
}

function lineageOf(stored: PlannedSpan[], runIds: readonly string[], principal: Principal | null) {
  const doc = new ProvDocument();
  for (const p of stored) {
    const { span, content } = p;
    addSpanStep(doc, {
      runId: p.runId,
      stepId: p.stepId,
      parentStepId: span.parentSpanId === '' ? null : spanStepId(span.traceId, span.parentSpanId),
      name: span.name,
      startTime: nanosToIso(span.startNanos),
      endTime: nanosToIso(span.endNanos),
      status: content.error === null ? 'SUCCESS' : 'FAILED',
      error: content.error,
      providerName: content.providerName,
      modelParams: content.modelParams,
      inputs: content.inputs ? valueEntity(content.inputs) : null,
      outputs: content.outputs ? valueEntity(content.outputs) : null,
    });
  }
  if (principal) {
    doc.node({ id: principal.id, item_category: 'AGENT', item_subtype: 'USER', display_name: principal.username });
    for (const runId of runIds) doc.relate('wasAssociatedWith', runId, principal.id, { 'prov:role': 'runledger:lodger' });
  }
  return { nodes: inLockOrder.nodes(doc.lineageNodes()), edges: inLockOrder.edges(doc.lineageEdges()) };
}

/** Within one request, a span sent twice is one span, unless its two copies differ: then the second is refused. */
function dedupe(planned: PlannedSpan[], reject: (span: SpanRecord, reason: string) => void): PlannedSpan[] {
  const seen = new Map<string, PlannedSpan>();
  for (const p of planned) {
    const first = seen.get(p.stepId);
    if (!first) seen.set(p.stepId, p);
    else if (first.hash !== p.hash) reject(p.span, 'span id repeated in this request with different content');
  }
  return [...seen.values()].sort((a, b) => (a.stepId < b.stepId ? -1 : 1));
}

async function store(tx: Tx, ctx: ServiceContext, planned: PlannedSpan[], principal: Principal | null, reject: (span: SpanRecord, reason: string) => void, known: Map<string, string>) {
  const now = ctx.now();
  const pipelines = await resolvePipelines(tx, ctx, planned, known, principal);
  const runs = new Map<string, NewRun>();
  for (const p of planned) if (!runs.has(p.runId)) runs.set(p.runId, runRow(p, principal, now));
  const locked = await lockTraceRuns(tx, [...runs.values()].sort((a, b) => (a.id < b.id ? -1 : 1)));
  const accepted = new Set(locked.map((r) => r.id));
  // A brand-new run whose id already names another node (a registry item, a value) must not take over its edges.
  const fresh = locked.filter((r) => r.inserted).map((r) => r.id);
  const taken = await findNodeIds(tx, fresh);
  await deleteNewRuns(tx, [...taken]);
  const storable: PlannedSpan[] = [];
  for (const p of planned) {
    if (!accepted.has(p.runId)) reject(p.span, `trace id names run ${p.runId}, which is not a trace`);
    else if (taken.has(p.runId)) reject(p.span, `trace id names ${p.runId}, which is already another item`);
    else storable.push(p);
  }
  const steps = storable.map((p) => stepRow(p, p.pipeline ? pipelines.get(pipelineKey(p.pipeline)) : undefined, now));
  const inserted = await insertSpanSteps(tx, steps);
  const repeated = storable.filter((p) => !inserted.has(p.stepId));
  const hashes = await findSpanHashes(tx, repeated.map((p) => p.stepId));
  for (const p of repeated) {
    if (hashes.get(p.stepId) !== p.hash) reject(p.span, 'span was already received with different content');
  }
  const freshSpans = storable.filter((p) => inserted.has(p.stepId));
  const changedRuns = [...new Set(freshSpans.map((p) => p.runId))].sort();
  if (changedRuns.length > 0) {
    const { nodes, edges } = lineageOf(freshSpans, changedRuns, principal);
    await insertLineageNodes(tx, nodes);
    await insertLineageEdges(tx, edges);
    await ctx.racepoints.afterRunInsert?.();
    const refreshed = await refreshTraceRuns(tx, changedRuns);
    const runNodes: LineageNode[] = refreshed
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((r) => ({ id: r.id, item_category: 'ACTIVITY', item_subtype: 'MODEL_RUN', display_name: r.display_name }));
    // Upserted: a run is renamed when its root span arrives, whichever request brings it.
    await upsertLineageNodes(tx, runNodes);
  }
  return pipelines;
}

export async function ingestSpans(ctx: ServiceContext, spans: readonly SpanRecord[], principal: Principal | null): Promise<TraceIngestResult> {
  const rejected: SpanRejection[] = [];
  const reject = (span: SpanRecord, reason: string) => rejected.push({ traceId: span.traceId, spanId: span.spanId, reason });
  const planned: PlannedSpan[] = [];
  for (const span of spans) {
    const plan = planSpan(span);
    if (typeof plan === 'string') reject(span, plan);
    else planned.push(plan);
  }
  const unique = dedupe(planned, reject);
  if (unique.length === 0) return { accepted: 0, rejected };
  const known = pipelineIdCache(ctx, 'trace');
  try {
    const pipelines = await ctx.db.transaction().execute((tx) => store(tx, ctx, unique, principal, reject, known));
    // Only once committed: a rolled-back pipeline must not be remembered.
    for (const [key, id] of pipelines) known.set(key, id);
  } catch (error) {
    if (isTransientStoreError(error)) {
      throw new AppError(Errors.notReady, 'the store is busy or unreachable; retry the export', {}, 1);
    }
    throw error;
  }
  return { accepted: spans.length - rejected.length, rejected };
}
