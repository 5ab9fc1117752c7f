// Steps of runs (one per SQL model, or per ingested LLM step run) and the test results of SQL steps.
import { isUuid } from '../domain/ids.js';
import type { Db, NewRunStep, RunStepRow, TestResultRow, Tx } from './schema.js';

export async function insertSteps(tx: Tx, steps: readonly NewRunStep[]): Promise<void> {
  if (steps.length === 0) return;
  await tx.insertInto('run_steps').values([...steps]).execute();
}

/** In execution order: DAG tier, then position (which follows name within a tier). */
export async function listStepsOfRun(db: Db | Tx, runId: string): Promise<RunStepRow[]> {
  if (!isUuid(runId)) return [];
  return db.selectFrom('run_steps').selectAll().where('run_id', '=', runId).orderBy('tier').orderBy('position').execute();
}

export async function findStep(db: Db, runId: string, stepId: string): Promise<RunStepRow | undefined> {
  if (!isUuid(runId) || !isUuid(stepId)) return undefined;
  return db.selectFrom('run_steps').selectAll().where('run_id', '=', runId).where('id', '=', stepId).executeTakeFirst();
}

export async function listTestResults(db: Db, stepId: string): Promise<TestResultRow[]> {
  return db.selectFrom('test_results').selectAll().where('run_step_id', '=', stepId).orderBy('test_name').orderBy('id').execute();
}

export async function insertTestResults(tx: Tx | Db, results: readonly (Omit<TestResultRow, 'rows_returned'> & { rows_returned: number | null })[]): Promise<void> {
  if (results.length === 0) return;
  await tx.insertInto('test_results').values([...results]).execute();
}
