// Jobs under failure and load: a job whose worker died is taken again and lodged once; a worker that
// lost its job changes nothing; many jobs over several workers each lodge exactly once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createDuckDbWarehouse } from '../../src/engine/warehouse.js';
import { executeProvenaJob } from '../../src/runs/provena-job.js';
import { Worker } from '../../src/runs/worker.js';
import { findJob } from '../../src/store/provena-jobs.js';
import { buildProvenaWorld, type ProvenaWorld } from '../helpers/provena-fixtures.js';
import { awaitSuccess, call } from '../helpers/provena-jobs.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
let world: ProvenaWorld;
let holdJob: ((sessionId: string) => Promise<void>) | undefined;

before(async () => {
  server = await startTestServer({
    env: { RUNLEDGER_LEASE_MS: '1000', RUNLEDGER_HEARTBEAT_MS: '100', RUNLEDGER_POLL_MS: '50' },
    racepoints: { beforeJobCommit: (id) => holdJob?.(id) },
  });
  world = await buildProvenaWorld(server);
});
after(() => server.close());

async function writerId(): Promise<string> {
  const row = await server.ctx.db.selectFrom('api_keys').select('id').where('name', '=', 'test writer').executeTakeFirstOrThrow();
  return row.id;
}

async function registeredRuns(): Promise<number> {
  const row = await server.ctx.db.selectFrom('runs').select((eb) => eb.fn.countAll<string>().as('n')).where('kind', '=', 'registered').executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A lodge job as a worker that then died leaves it: IN_PROGRESS, its lease lapsed. */
async function abandonedJob(displayName: string): Promise<string> {
  const sessionId = randomUUID();
  const now = new Date();
  await server.ctx.db
    .insertInto('provena_jobs')
    .values({
      session_id: sessionId,
      batch_id: null,
      username: 'api-key:test writer',
      owner_id: await writerId(),
      job_type: 'PROV_LODGE',
      job_sub_type: 'MODEL_RUN_PROV_LODGE',
      status: 'IN_PROGRESS',
      payload: JSON.stringify({ record: world.record({ display_name: displayName }), revalidate: false, user_info: 'x' }),
      created_at: now,
      updated_at: now,
      worker_id: 'worker-that-died',
      lease_expires_at: new Date(now.getTime() - 60_000),
      attempts: 1,
    })
    .execute();
  return sessionId;
}

describe('Provena jobs and workers', () => {
  it('takes again a job whose worker died, and lodges it once', async () => {
    const runs = await registeredRuns();
    const sessionId = await abandonedJob('abandoned');
    const job = await awaitSuccess(server, 'writer', sessionId);
    assert.equal(job.result.record.record.display_name, 'abandoned');
    const row = await findJob(server.ctx.db, sessionId);
    assert.equal(row!.attempts, 2, 'reaped to PENDING, claimed again');
    assert.notEqual(row!.worker_id, 'worker-that-died');
    assert.equal(await registeredRuns(), runs + 1);

    // The dead worker wakes up with its stale claim: it may change nothing.
    const stale = { ...row!, status: 'IN_PROGRESS', worker_id: 'worker-that-died' };
    const ended = await executeProvenaJob(server.ctx, stale, { workerId: 'worker-that-died', leaseMs: 1000, heartbeatMs: 100 });
    assert.equal(ended, false);
    assert.equal(await registeredRuns(), runs + 1, 'not lodged twice');
    assert.equal((await findJob(server.ctx.db, sessionId))!.status, 'SUCCEEDED');
  });

  it('does not hand a job on while its lodge holds it, even with the lease lapsed', async () => {
    const runs = await registeredRuns();
    let held = '';
    holdJob = async (id) => {
      held = id;
      holdJob = undefined;
      await new Promise((resolve) => setTimeout(resolve, 2500)); // over two leases
    };
    const res = await call(server, 'writer', 'POST', '/provena/prov/model_run/register', world.record({ display_name: 'held' }));
    const job = await awaitSuccess(server, 'writer', res.body.session_id);
    assert.equal(held, res.body.session_id);
    assert.equal((await findJob(server.ctx.db, job.session_id))!.attempts, 1, 'nobody took it while it was held');
    assert.equal(await registeredRuns(), runs + 1);
  });

  it('ends FAILED a job that outlived every attempt', async () => {
    const sessionId = await abandonedJob('poison');
    await server.ctx.db.updateTable('provena_jobs').set({ attempts: 5 }).where('session_id', '=', sessionId).execute();
    const row = await waitFor(async () => {
      const r = await findJob(server.ctx.db, sessionId);
      return r?.status === 'FAILED' ? r : undefined;
    }, 'the poison job to fail');
    assert.match(row.info!, /stopped 5 times/);
  });

  it('lodges each of many concurrent registrations exactly once across several workers', async () => {
    const warehouse = createDuckDbWarehouse(server.config.dataDir, '64MB');
    const extra = [1, 2].map((i) => new Worker(server.ctx, warehouse, { workerId: `extra-${i}`, leaseMs: 1000, heartbeatMs: 100, pollMs: 20 }));
    extra.forEach((w) => w.start());
    try {
      const runs = await registeredRuns();
      const replies = await Promise.all(
        Array.from({ length: 24 }, (_, i) => call(server, 'writer', 'POST', '/provena/prov/model_run/register', world.record({ display_name: `c${i}` }))),
      );
      assert.ok(replies.every((r) => r.status === 200));
      const jobs = await Promise.all(replies.map((r) => awaitSuccess(server, 'writer', r.body.session_id)));
      const ids = new Set(jobs.map((j) => j.result.record.id));
      assert.equal(ids.size, 24);
      assert.equal(await registeredRuns(), runs + 24);
      const attempts = await server.ctx.db.selectFrom('provena_jobs').select('attempts').where('session_id', 'in', jobs.map((j) => j.session_id)).execute();
      assert.ok(attempts.every((a) => a.attempts === 1), 'each claimed once');
    } finally {
      await Promise.all(extra.map((w) => w.stop()));
    }
  });
});
