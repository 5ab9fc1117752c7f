// Runs assembled from the spans of a trace (OTLP): spans arrive in many requests and in any order, so the
// run row is inserted or locked by each request that brings spans of it, its spans are inserted once each,
// and its status, times, name and pipeline are recomputed from the spans stored. The run row lock makes
// concurrent requests for one trace take turns, so no recomputation works from a stale set of spans.
// runs.prov_json stays NULL for these runs: the lineage tables, added to span by span, are what /explore reads,
// and a PROV document can be built from the rows when one is asked for.
import { sql } from 'kysely';
import { chunkRows } from './parameter-limit.js';
import type { NewRun, NewRunStep, Tx } from './schema.js';

export interface LockedTraceRun {
  id: string;
  /** Made by this request, rather than found. */
  inserted: boolean;
}

/**
 * Inserts the runs that are new and locks those that exist, in id order (sort `runs` by id first), so two
 * requests naming the same traces lock them in one order and cannot deadlock. ON CONFLICT DO UPDATE locks the
 * existing row even where its WHERE is false, but returns only the rows it wrote: a run of another origin
 * (trace_id NULL or another trace) is left as it is and missing from the answer.
 */
export async function lockTraceRuns(tx: Tx, runs: readonly NewRun[]): Promise<LockedTraceRun[]> {
  const locked: LockedTraceRun[] = [];
  for (const chunk of chunkRows(runs)) {
    const rows = await tx
      .insertInto('runs')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({ trace_id: eb.ref('excluded.trace_id') }))
          .where((eb) => eb('runs.trace_id', '=', eb.ref('excluded.trace_id'))),
      )
      // xmax is 0 on a row version no transaction has replaced: the one this insert made.
      .returning(['id', sql<boolean>`xmax = 0`.as('inserted')])
      .execute();
    locked.push(...rows);
  }
  return locked;
}

/** Runs this transaction made and must not keep (their id already names another node of the graph). */
export async function deleteNewRuns(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await tx.deleteFrom('runs').where(sql<boolean>`id = ANY(${ids}::uuid[])`).execute();
}

/** Ids among `ids` that already name a node of the lineage graph. */
export async function findNodeIds(tx: Tx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.selectFrom('lineage_nodes').select('id').where(sql<boolean>`id = ANY(${ids}::text[])`).execute();
  return new Set(rows.map((r) => r.id));
}

/** Inserts the steps whose span is not stored yet; answers the ids it inserted. */
export async function insertSpanSteps(tx: Tx, steps: readonly NewRunStep[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (const chunk of chunkRows(steps)) {
    const rows = await tx.insertInto('run_steps').values(chunk).onConflict((oc) => oc.doNothing()).returning('id').execute();
    for (const row of rows) inserted.add(row.id);
  }
  return inserted;
}

/** The content hash each stored span was received with, by step id. */
export async function findSpanHashes(tx: Tx, stepIds: readonly string[]): Promise<Map<string, string | null>> {
  if (stepIds.length === 0) return new Map();
  const rows = await tx.selectFrom('run_steps').select(['id', 'span_hash']).where(sql<boolean>`id = ANY(${stepIds}::uuid[])`).execute();
  return new Map(rows.map((r) => [r.id, r.span_hash]));
}

/**
 * Recomputes each run from its stored spans: FAILED if any failed (the message of the earliest failed span),
 * start the earliest start, end the latest end, named after its root span, and of the pipeline its spans name
 * (Gentrace's pipeline id before service.name, then the least id: the same whichever span came first). Then
 * renumbers its steps by start time, writing only the positions that changed. Answers each run's name.
 */
export async function refreshTraceRuns(tx: Tx, runIds: readonly string[]): Promise<{ id: string; display_name: string }[]> {
  if (runIds.length === 0) return [];
  const ids = [...runIds];
  // One statement (data-modifying CTEs): the run and its step order are brought up to date in one round trip.
  const result = await sql<{ id: string; display_name: string }>`
    WITH renumbered AS (
      UPDATE run_steps AS t SET position = o.pos
        FROM (SELECT id, (row_number() OVER (PARTITION BY run_id ORDER BY started_at, span_id) - 1)::int AS pos
                FROM run_steps WHERE run_id = ANY(${ids}::uuid[])) AS o
       WHERE t.id = o.id AND t.position <> o.pos
    )
    UPDATE runs AS r SET
      status = CASE WHEN s.failed THEN 'FAILED' ELSE 'SUCCESS' END,
      started_at = s.started,
      finished_at = s.finished,
      error_message = s.error,
      display_name = COALESCE(s.root_name, 'trace ' || r.trace_id),
      pipeline_id = s.pipeline
    FROM (
      SELECT run_id,
             min(started_at) AS started,
             max(finished_at) AS finished,
             bool_or(status = 'FAILED') AS failed,
             (array_agg(model_name || ': ' || error_message ORDER BY started_at, span_id) FILTER (WHERE status = 'FAILED'))[1] AS error,
             (array_agg(model_name ORDER BY started_at, span_id) FILTER (WHERE parent_step_id IS NULL))[1] AS root_name,
             (array_agg((context->>'pipeline_id')::uuid ORDER BY context->>'pipeline_rank', context->>'pipeline_id')
                FILTER (WHERE context->>'pipeline_id' IS NOT NULL))[1] AS pipeline
        FROM run_steps WHERE run_id = ANY(${ids}::uuid[]) GROUP BY run_id
    ) AS s
    WHERE r.id = s.run_id
    RETURNING r.id, r.display_name
  `.execute(tx);
  return result.rows;
}
