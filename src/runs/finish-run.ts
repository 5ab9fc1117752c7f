// The one way a triggered run reaches a terminal status: the status, the fate of unfinished steps and
// the run's provenance commit in one transaction.
import { buildSqlRunProv, type SqlStepForProv } from '../prov/sql-run-prov.js';
import { insertLineageEdges, insertLineageNodes } from '../store/lineage.js';
import { closeOpenSteps, setRunTerminal } from '../store/run-queue.js';
import type { RunRow, Tx } from '../store/schema.js';
import { listStepsOfRun } from '../store/steps.js';

export interface Ending {
  status: 'SUCCESS' | 'FAILED' | 'CANCELLED';
  error: string | null;
  /** What RUNNING and PENDING steps become, when the run ends before they do. */
  openSteps?: { running: string; pending: string; message: string };
}

export async function finishTriggeredRun(tx: Tx, run: RunRow, ending: Ending, now: Date): Promise<void> {
  if (ending.openSteps) {
    await closeOpenSteps(tx, run.id, ending.openSteps.running, ending.openSteps.pending, now, ending.openSteps.message);
  }
  const steps = await listStepsOfRun(tx, run.id);
  const doc = buildSqlRunProv(
    {
      id: run.id,
      display_name: run.display_name,
      project: run.project_name ?? '',
      schema: run.target_schema ?? run.project_name ?? '',
      started_at: run.started_at,
      finished_at: now,
      triggeredBy: run.created_by ? { id: run.created_by, username: run.triggered_by ?? run.created_by } : null,
    },
    steps.map(
      (s): SqlStepForProv => ({
        id: s.id,
        model_name: s.model_name,
        status: s.status,
        compiled_hash: s.compiled_hash,
        started_at: s.started_at,
        finished_at: s.finished_at,
        output_entity_id: s.output_entity_id,
        depends_on: s.depends_on,
        reads: (s.inputs as SqlStepForProv['reads'] | null) ?? { tables: [], files: [] },
      }),
    ),
  );
  await insertLineageNodes(tx, doc.lineageNodes());
  await insertLineageEdges(tx, doc.lineageEdges());
  await setRunTerminal(tx, run.id, ending.status, ending.error, JSON.stringify(doc.toJSON()), now);
}
