// Provena jobs executed by standalone `worker` processes on PostgreSQL, one of them killed on the way.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { listJobsInBatch } from '../../src/store/provena-jobs.js';
import { buildProvenaWorld } from '../helpers/provena-fixtures.js';
import { awaitSuccess, call } from '../helpers/provena-jobs.js';
import { startWorkerProcess } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
let server: TestServer;
const workers: ChildProcess[] = [];
const startWorker = () => startWorkerProcess(server, workers, 50);

describe('Provena jobs in worker processes', { skip: onPostgres ? false : 'needs DATABASE_URL (workers coordinate through PostgreSQL)' }, () => {
  before(async () => {
    server = await startTestServer({ env: { RUNLEDGER_IN_PROCESS_WORKER: 'false' } });
  });
  after(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await server?.close();
  });

  it('executes a batch with one worker killed part way: every job ends, each record lodged once', async () => {
    const world = await buildProvenaWorld(server);
    const res = await call(server, 'writer', 'POST', '/provena/prov/model_run/register_batch', {
      records: Array.from({ length: 30 }, (_, i) => world.record({ display_name: `b${i}` })),
    });
    assert.equal(res.status, 200);
    const doomed = await startWorker();
    const survivor = await startWorker();
    const submit = await awaitSuccess(server, 'writer', res.body.session_id);
    const batchId = submit.result.batch_id as string;
    await waitFor(async () => ((await listJobsInBatch(server.ctx.db, batchId)).some((j) => j.status === 'SUCCEEDED') ? true : undefined), 'a first lodge');
    doomed.kill('SIGKILL');

    const jobs = await waitFor(async () => {
      const rows = await listJobsInBatch(server.ctx.db, batchId);
      return rows.length === 30 && rows.every((j) => j.status === 'SUCCEEDED' || j.status === 'FAILED') ? rows : undefined;
    }, 'every job of the batch to end');
    assert.ok(jobs.every((j) => j.status === 'SUCCEEDED'), JSON.stringify(jobs.filter((j) => j.status !== 'SUCCEEDED')));
    const names = await server.ctx.db.selectFrom('runs').select('display_name').where('kind', '=', 'registered').execute();
    assert.equal(names.length, 30, 'each record lodged exactly once');
    assert.equal(new Set(names.map((n) => n.display_name)).size, 30);
    const resultIds = new Set(jobs.map((j) => (j.result as { record: { id: string } }).record.id));
    assert.equal(resultIds.size, 30);

    survivor.kill('SIGTERM');
    const [code] = await once(survivor, 'exit');
    assert.equal(code, 0, 'a worker stops cleanly, its job in hand finished');
  });
});
