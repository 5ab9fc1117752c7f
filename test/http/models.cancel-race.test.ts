// A cancel racing the worker's step writes, each order forced with racepoints (never sleeps). Whatever the
// order, once a run is CANCELLED every step has ended (CANCELLED or SKIPPED, or SUCCESS/FAILED when it truly
// finished before the cancel committed) and the PROV the cancel wrote agrees with those steps.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { qualifiedName } from '../../src/prov/document.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}
function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

// Racepoints held by name, once each: `reached` resolves with the run id when the code arrives there,
// and the code goes on only when the test calls `release`.
const held = new Map<string, { reached: Deferred<string>; released: Deferred<void> }>();
function hold(point: string) {
  const h = { reached: deferred<string>(), released: deferred() };
  held.set(point, h);
  return { reached: h.reached.promise, release: () => h.released.resolve() };
}
async function pass(point: string, runId: string): Promise<void> {
  const h = held.get(point);
  if (!h) return;
  held.delete(point);
  h.reached.resolve(runId);
  await h.released.promise;
}
const lettingGo = new Map<string, Deferred<void>>();
const workerLetGo = (runId: string) => lettingGo.get(runId) ?? lettingGo.set(runId, deferred()).get(runId)!;

let server: TestServer;
before(async () => {
  server = await startTestServer({
    racepoints: {
      beforeStepUpdate: (runId, model, status) => pass(`update ${model} to ${status}`, runId),
      beforeStepExecute: (runId, model) => pass(`execute ${model}`, runId),
      beforeCancelCommit: (runId) => pass(`commit cancel of ${runId}`, runId),
      afterRunExecuted: (runId) => workerLetGo(runId).resolve(),
    },
  });
});
after(() => server.close());

/** A project of two models, `<p>_a` then `<p>_b` built from it; `<p>_a` fails when `failing`. */
async function project(p: string, failing = false) {
  const a = failing ? "SELECT CAST('not a number' AS INTEGER) AS x" : 'SELECT 1 AS x';
  for (const [name, query] of [[`${p}_a`, a], [`${p}_b`, `SELECT x FROM ${p}_a`]] as const) {
    const res = await server.request('POST', '/models', { project_name: p, name, sql: query, materialization: 'TABLE' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
}
async function trigger(p: string): Promise<string> {
  const res = await server.request('POST', '/model-runs', { project_name: p });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}
async function cancel(runId: string) {
  const res = await server.request('POST', `/model-runs/${runId}/cancel`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.status, 'CANCELLED');
}

/**
 * PostgreSQL only: a worker's write to run_steps is waiting for a lock (the cancel's, the only other
 * transaction open on this schema). On PGlite every statement queues for the one connection the cancel's
 * transaction holds, so a write issued now runs after the commit by construction.
 */
const stepWriteWaiting = async () => {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'relation' AND l.relation = to_regclass('run_steps') AND l.mode = 'RowExclusiveLock'
       AND a.wait_event_type = 'Lock'`.execute(server.ctx.db);
  return rows[0]!.n > 0 ? true : undefined;
};

/** Holds the worker at `point`, commits a cancel while the worker's next write waits behind it, then lets the worker finish. */
async function cancelWithWriteQueued(p: string, point: string): Promise<string> {
  const worker = hold(point);
  const runId = await trigger(p);
  assert.equal(await worker.reached, runId);
  const commit = hold(`commit cancel of ${runId}`);
  const cancelled = cancel(runId);
  await commit.reached;
  worker.release();
  if (server.schema) await waitFor(stepWriteWaiting, "the worker's step write to queue behind the cancel");
  commit.release();
  await cancelled;
  await workerLetGo(runId).promise;
  return runId;
}

/** Holds the worker at `point`, lets a whole cancel commit, then lets the worker go on. */
async function cancelWhileHeld(p: string, point: string): Promise<string> {
  const worker = hold(point);
  const runId = await trigger(p);
  assert.equal(await worker.reached, runId);
  await cancel(runId);
  worker.release();
  await workerLetGo(runId).promise;
  return runId;
}

type Json = Record<string, Record<string, Record<string, string>>>;

/** The run's steps by model, after checking they have all ended and that the run's PROV agrees with them. */
async function settled(runId: string): Promise<Record<string, any>> {
  assert.equal((await server.request('GET', `/model-runs/${runId}`)).body.status, 'CANCELLED');
  const steps = (await server.request('GET', `/model-runs/${runId}/steps`)).body.data as any[];
  // The PROV-JSON of a triggered run is not served over HTTP; its statements are the /explore graph's.
  const row = await server.ctx.db.selectFrom('runs').select('prov_json').where('id', '=', runId).executeTakeFirstOrThrow();
  const prov = JSON.parse(row.prov_json!) as Json;
  for (const step of steps) {
    const name = step.model_name;
    assert.ok(['CANCELLED', 'SKIPPED', 'SUCCESS', 'FAILED'].includes(step.status), `${name} ended, not ${step.status}`);
    const activity = prov.activity?.[qualifiedName(step.id)];
    assert.equal(activity !== undefined, step.started_at !== undefined, `PROV has ${name} as an activity exactly when it started`);
    if (activity) {
      assert.equal(activity['prov:startTime'], step.started_at, `PROV and ${name} agree on its start`);
      assert.equal(activity['prov:endTime'], step.finished_at ?? undefined, `PROV and ${name} agree on its end`);
    }
    const generated = Object.values(prov.wasGeneratedBy ?? {}).some((g) => g['prov:activity'] === qualifiedName(step.id));
    assert.equal(generated, step.status === 'SUCCESS', `PROV has ${name} generate its table exactly when it is SUCCESS`);
  }
  // Steps name models `project.name`; keyed here by the bare name.
  return Object.fromEntries(steps.map((s) => [s.model_name.split('.')[1], s]));
}
const statuses = (steps: Record<string, any>) => Object.fromEntries(Object.entries(steps).map(([name, s]) => [name, s.status]));

describe('cancel racing a worker’s step writes', () => {
  it('a step start queued behind the cancel leaves the step CANCELLED, never RUNNING', async () => {
    await project('start');
    const steps = await settled(await cancelWithWriteQueued('start', 'update start.start_a to RUNNING'));
    assert.deepEqual(statuses(steps), { start_a: 'CANCELLED', start_b: 'CANCELLED' });
    assert.equal(steps.start_a.started_at, undefined, 'the step never started');
  });

  it('a step success queued behind the cancel does not overwrite CANCELLED', async () => {
    await project('done');
    const steps = await settled(await cancelWithWriteQueued('done', 'update done.done_a to SUCCESS'));
    assert.deepEqual(statuses(steps), { done_a: 'CANCELLED', done_b: 'CANCELLED' });
    assert.match(steps.done_a.error_message, /cancelled by admin/);
  });

  it('a skip queued behind the cancel does not overwrite CANCELLED', async () => {
    await project('skip', true);
    const steps = await settled(await cancelWithWriteQueued('skip', 'update skip.skip_b to SKIPPED'));
    assert.deepEqual(statuses(steps), { skip_a: 'FAILED', skip_b: 'CANCELLED' }, 'skip_a failed before the cancel');
  });

  it('a step that started before the cancel ends CANCELLED, and PROV shows it started and ended', async () => {
    await project('began');
    const steps = await settled(await cancelWhileHeld('began', 'execute began.began_a'));
    assert.deepEqual(statuses(steps), { began_a: 'CANCELLED', began_b: 'CANCELLED' });
    assert.notEqual(steps.began_a.started_at, undefined);
  });

  it('a step that succeeded before the cancel stays SUCCESS, and PROV shows the table it built', async () => {
    await project('built');
    const steps = await settled(await cancelWhileHeld('built', 'update built.built_b to RUNNING'));
    assert.deepEqual(statuses(steps), { built_a: 'SUCCESS', built_b: 'CANCELLED' });
  });
});
