// The stored rows an ingested run's PROV document is rebuilt from (pipelineRunProvFromStore). Instants are
// read as microseconds since the epoch, since a Date would drop what PostgreSQL keeps below the millisecond.
import { sql } from 'kysely';
import { isUuid } from '../domain/ids.js';
import type { RunStatus } from '../domain/run-status.js';
import type { JsonValue } from '../domain/storable-json.js';
import type { StoredPipelineRun, StoredStepRun } from '../prov/pipeline-run-prov.js';
import type { Db } from './schema.js';

interface RunFacts {
  id: string;
  display_name: string;
  status: RunStatus;
  slug: string;
  created_by: string | null;
  lodger: string | null;
  started_us: string;
  finished_us: string;
}

interface StepFacts {
  id: string;
  position: number;
  status: 'SUCCESS' | 'FAILED';
  provider_name: string;
  invocation: string;
  model_params: Record<string, unknown>;
  inputs: Record<string, unknown>;
  outputs: JsonValue;
  elapsed_time: number;
  error_message: string | null;
  started_us: string;
  finished_us: string;
}

const micros = (column: string) => sql.raw(`(extract(epoch FROM ${column}) * 1000000)::bigint::text`);

export async function findStoredPipelineRun(db: Db, id: string): Promise<StoredPipelineRun | undefined> {
  if (!isUuid(id)) return undefined;
  // The lodger is named as the graph names them: lineage nodes of principals are never renamed.
  const runs = await sql<RunFacts>`
    SELECT r.id, r.display_name, r.status, p.slug, r.created_by, n.display_name AS lodger,
           ${micros('r.started_at')} AS started_us, ${micros('r.finished_at')} AS finished_us
      FROM runs r JOIN pipelines p ON p.id = r.pipeline_id LEFT JOIN lineage_nodes n ON n.id = r.created_by
     WHERE r.id = ${id} AND r.kind = 'ingested' AND r.trace_id IS NULL
  `.execute(db);
  const run = runs.rows[0];
  if (!run) return undefined;
  const steps = await sql<StepFacts>`
    SELECT id, position, status, provider_name, invocation, model_params, inputs, outputs, elapsed_time, error_message,
           ${micros('started_at')} AS started_us, ${micros('finished_at')} AS finished_us
      FROM run_steps WHERE run_id = ${id} ORDER BY position
  `.execute(db);
  return {
    runId: run.id,
    displayName: run.display_name,
    pipelineSlug: run.slug,
    status: run.status,
    startedAtMicros: Number(run.started_us),
    finishedAtMicros: Number(run.finished_us),
    ...(run.created_by !== null ? { lodgedBy: { id: run.created_by, username: run.lodger ?? '' } } : {}),
    steps: steps.rows.map(
      (s): StoredStepRun => ({
        id: s.id,
        order: s.position,
        status: s.status,
        providerName: s.provider_name,
        invocation: s.invocation,
        modelParams: s.model_params,
        inputs: s.inputs,
        outputs: s.outputs,
        elapsedTime: s.elapsed_time,
        startedAtMicros: Number(s.started_us),
        finishedAtMicros: Number(s.finished_us),
        error: s.error_message,
      }),
    ),
  };
}
