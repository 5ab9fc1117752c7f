// Steps of runs (one per SQL model, or per ingested LLM step run), the latest build of each model, and the test
// results of SQL steps.
import { sql } from 'kysely';
import { isUuid } from '../domain/ids.js';
import { chunkRows } from './parameter-limit.js';
import type { Db, NewRunStep, NewTestResult, RunStepRow, TestResultRow, Tx } from './schema.js';

export async function insertSteps(tx: Tx, steps: readonly NewRunStep[]): Promise<void> {
  for (const chunk of chunkRows(steps)) await tx.insertInto('run_steps').values(chunk).execute();
}

/** In execution order: DAG tier, then position (which follows name within a tier). */
export async function listStepsOfRun(db: Db | Tx, runId: string): Promise<RunStepRow[]> {
  if (!isUuid(runId)) return [];
  return db.selectFrom('run_steps').selectAll().where('run_id', '=', runId).orderBy('tier').orderBy('position').execute();
}

/** One page of a run's steps, in order; keyset on position (which follows the DAG tier). */
export async function pageStepsOfRun(db: Db, runId: string, limit: number, afterPosition: number | undefined): Promise<RunStepRow[]> {
  if (!isUuid(runId)) return [];
  let query = db.selectFrom('run_steps').selectAll().where('run_id', '=', runId);
  if (afterPosition !== undefined) query = query.where('position', '>', afterPosition);
  return query.orderBy('position').limit(limit + 1).execute();
}

export async function findStep(db: Db, runId: string, stepId: string): Promise<RunStepRow | undefined> {
  if (!isUuid(runId) || !isUuid(stepId)) return undefined;
  return db.selectFrom('run_steps').selectAll().where('run_id', '=', runId).where('id', '=', stepId).executeTakeFirst();
}

export async function listTestResults(db: Db, stepId: string, limit: number, after: readonly [string, string] | undefined): Promise<TestResultRow[]> {
  let query = db.selectFrom('test_results').selectAll().where('run_step_id', '=', stepId);
  if (after) query = query.where((eb) => eb(eb.refTuple('test_name', 'id'), '>', eb.tuple(after[0], after[1])));
  return query.orderBy('test_name').orderBy('id').limit(limit + 1).execute();
}

/** Every test result of a run: its SQL steps' tests and its evaluations; keyset on (test_name, id). */
export async function listRunTestResults(db: Db, runId: string, limit: number, after: readonly [string, string] | undefined): Promise<TestResultRow[]> {
  if (!isUuid(runId)) return [];
  let query = db.selectFrom('test_results').selectAll().where('run_id', '=', runId);
  if (after) query = query.where((eb) => eb(eb.refTuple('test_name', 'id'), '>', eb.tuple(after[0], after[1])));
  return query.orderBy('test_name').orderBy('id').limit(limit + 1).execute();
}

/** Per step of a run, how many test results it has and how many of them did not PASS. */
export async function testTalliesOfRun(db: Db, runId: string): Promise<Map<string, { results: number; notPassed: number }>> {
  const rows = await db
    .selectFrom('test_results')
    .select(['run_step_id', (eb) => eb.fn.countAll<string>().as('results'), sql<string>`count(*) FILTER (WHERE status <> 'PASS')`.as('not_passed')])
    .where('run_id', '=', runId)
    .where('run_step_id', 'is not', null)
    .groupBy('run_step_id')
    .execute();
  return new Map(rows.map((r) => [r.run_step_id!, { results: Number(r.results), notPassed: Number(r.not_passed) }]));
}

export async function insertTestResults(tx: Tx | Db, results: readonly NewTestResult[]): Promise<void> {
  for (const chunk of chunkRows(results)) await tx.insertInto('test_results').values(chunk).execute();
}

export interface LatestBuild {
  /** Qualified `project.name`, as steps name models. */
  model_name: string;
  materialization: string | null;
  compiled_hash: string;
}

/**
 * The latest successful step of each of `models` in a triggered run of `project` into `schema`: whether a
 * model was built there before (is_incremental()) and what it was built from (state:modified). Walks the
 * partial index run_steps_model_builds, newest first per model.
 */
export async function latestBuilds(db: Db, project: string, schema: string, models: readonly string[]): Promise<Map<string, LatestBuild>> {
  if (models.length === 0) return new Map();
  const rows = await sql<LatestBuild>`
    SELECT DISTINCT ON (s.model_name) s.model_name, s.materialization, s.compiled_hash
      FROM run_steps s JOIN runs r ON r.id = s.run_id
     WHERE s.model_name = ANY(${[...models]}::text[]) AND s.status = 'SUCCESS' AND s.compiled_hash IS NOT NULL
       AND r.kind = 'triggered' AND r.project_name = ${project} AND r.target_schema = ${schema}
     ORDER BY s.model_name, s.finished_at DESC`.execute(db);
  return new Map(rows.rows.map((r) => [r.model_name, r]));
}
