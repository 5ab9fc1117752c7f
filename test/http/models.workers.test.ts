// Worker processes against PostgreSQL: one is killed mid-run; every run still ends, none runs twice.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { startWorkerProcess } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
let server: TestServer;
const workers: ChildProcess[] = [];
const startWorker = () => startWorkerProcess(server, workers, 100);

describe('worker processes on PostgreSQL', { skip: onPostgres ? false : 'needs DATABASE_URL (workers coordinate through PostgreSQL)' }, () => {
  before(async () => {
    server = await startTestServer({ env: { RUNLEDGER_IN_PROCESS_WORKER: 'false' } });
  });
  after(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await server?.close();
  });

  it('survives a worker killed mid-run: every run terminal, none executed twice or concurrently', async () => {
    const projects = ['p1', 'p2', 'p3', 'p4'];
    for (const project of projects) {
      for (const [name, sql] of [
        ['heavy', 'SELECT sum(i) AS s FROM range(150000000) t(i)'],
        ['after_heavy', 'SELECT s + 1 AS s FROM heavy'],
      ]) {
        const res = await server.request('POST', '/models', { project_name: project, name, sql, materialization: 'TABLE' });
        assert.equal(res.status, 201, JSON.stringify(res.body));
      }
    }
    const runIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      for (const project of projects) runIds.push((await server.request('POST', '/model-runs', { project_name: project })).body.id);
    }
    assert.equal(runIds.length, 20);

    const [victim] = await Promise.all([startWorker(), startWorker()]);
    const victimId = `worker-${victim!.pid}-`;
    const db = server.ctx.db;
    const held = await waitFor(async () => {
      const row = await db.selectFrom('runs').select(['id']).where('status', '=', 'RUNNING').where('worker_id', 'like', `${victimId}%`).executeTakeFirst();
      return row?.id;
    }, 'the victim worker to hold a run');
    victim!.kill('SIGKILL');
    await once(victim!, 'exit');

    const runs = await waitFor(async () => {
      const rows = await db.selectFrom('runs').selectAll().where('id', 'in', runIds).execute();
      return rows.every((r) => ['SUCCESS', 'FAILED', 'CANCELLED'].includes(r.status)) ? rows : undefined;
    }, 'all 20 runs to end', 180_000);

    const abandoned = runs.find((r) => r.id === held)!;
    assert.equal(abandoned.status, 'FAILED');
    assert.match(abandoned.error_message ?? '', /stopped renewing its lease/);
    assert.ok(runs.filter((r) => r.status === 'SUCCESS').length >= 10, 'the surviving worker carried on');

    const steps = await db.selectFrom('run_steps').select(['run_id', 'worker_id']).where('run_id', 'in', runIds).execute();
    for (const run of runs) {
      const executors = new Set(steps.filter((s) => s.run_id === run.id && s.worker_id).map((s) => s.worker_id));
      assert.ok(executors.size <= 1, `run ${run.id} was executed by ${[...executors].join(', ')}`);
      if (executors.size === 1) assert.equal([...executors][0], run.worker_id, 'only the claiming worker wrote its steps');
    }
    for (const project of projects) {
      const spans = runs
        .filter((r) => r.project_name === project && r.started_at)
        .map((r) => [r.started_at!.getTime(), r.finished_at!.getTime()] as const)
        .sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) {
        assert.ok(spans[i]![0] >= spans[i - 1]![1], `two runs of ${project} overlapped`);
      }
    }
  });
});
