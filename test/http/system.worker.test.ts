// `runledger worker` processes on PostgreSQL: their own /metrics listener, their log, and a shutdown with a
// run in hand whose run another worker then finishes.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, stopCli, type CliProcess } from '../helpers/cli.js';
import { logLines } from '../helpers/cli-store.js';
import { sample, samples } from '../helpers/metrics.js';
import { modelRuns } from '../helpers/model-runs.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
let server: TestServer;
const workers: CliProcess[] = [];

/** A worker process on the server's schema and data directory; resolves once its workers have started. */
async function startWorker(args: string[] = [], env: Record<string, string> = {}): Promise<CliProcess> {
  const proc = runCli(['worker', ...args], {
    DATABASE_URL: process.env.DATABASE_URL!,
    RUNLEDGER_DB_SCHEMA: server.schema!,
    RUNLEDGER_DATA_DIR: server.config.dataDir,
    RUNLEDGER_POLL_MS: '50',
    ...env,
  });
  workers.push(proc);
  await waitFor(async () => {
    if (proc.child.exitCode !== null) throw new Error(`worker exited with ${proc.child.exitCode}: ${proc.stderr()}`);
    return logLines(proc).some((l) => l.msg === 'workers started') ? true : undefined;
  }, 'the worker to start');
  return proc;
}

describe('runledger worker', { skip: onPostgres ? false : 'needs DATABASE_URL (workers coordinate through PostgreSQL)' }, () => {
  before(async () => {
    server = await startTestServer({ env: { RUNLEDGER_IN_PROCESS_WORKER: 'false' } });
  });
  after(async () => {
    for (const proc of workers) await stopCli(proc, 'SIGKILL');
    await server?.close();
  });

  it('serves its own /metrics without credentials, counting the runs it executes', async () => {
    const worker = await startWorker(['--metrics-port', '0']);
    const url = logLines(worker).find((l) => l.msg.startsWith('metrics listening at'))?.url as string;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const api = modelRuns(server);
    await api.model('wm', 'one', 'SELECT 1 AS x', { materialization: 'TABLE' });
    const run = await api.finished((await api.trigger({ project_name: 'wm' })).id);
    assert.equal(run.status, 'SUCCESS');

    const all = await waitFor(async () => {
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const now = samples(await res.text());
      return sample(now, 'runledger_run_duration_seconds_count', { outcome: 'SUCCESS' }) === 1 ? now : undefined;
    }, 'the worker to count the run');
    assert.equal(sample(all, 'runledger_claim_latency_seconds_count', { queue: 'runs' }), 1);
    assert.equal(sample(all, 'runledger_step_duration_seconds_count', { status: 'SUCCESS' }), 1);
    assert.ok(sample(all, 'runledger_store_pool_max_connections') > 1, "the worker's pg pool");
    assert.ok(sample(all, 'process_resident_memory_bytes') > 0);
    assert.equal(sample(all, 'runledger_runs', { kind: 'triggered', status: 'RUNNING' }), 0);

    const claimed = logLines(worker).find((l) => l.msg === 'run claimed' && l.runId === run.id);
    assert.match(claimed?.worker ?? '', new RegExp(`^worker-${worker.child.pid}-`));
    assert.ok(logLines(worker).some((l) => l.msg === 'run finished' && l.runId === run.id && l.status === 'SUCCESS'));

    worker.child.kill('SIGTERM');
    assert.equal(await worker.exited, 0, worker.stderr());
    assert.ok(logLines(worker).some((l) => l.msg === 'shut down' && l.interrupted === false));
    await assert.rejects(fetch(url), 'the metrics listener is closed');
  });

  // The timeout only bounds a hung shutdown; it is not a performance check.
  it('requeues the run in hand at its shutdown deadline; another worker continues it', { timeout: 300_000 }, async () => {
    const api = modelRuns(server);
    const csv = path.join(server.config.dataDir, 'files', 'ws', 'spin.csv');
    await fs.mkdir(path.dirname(csv), { recursive: true });
    await fs.writeFile(csv, `n\n${'1\n'.repeat(10_000)}`);
    await api.model('ws', 'base', 'SELECT 1 AS n', { materialization: 'TABLE' });
    await api.model('ws', 'spin', "SELECT sum(a.n * r.range) AS s FROM read_csv('spin.csv') a CROSS JOIN range(100000000) r CROSS JOIN base", { materialization: 'TABLE' });

    const first = await startWorker([], { RUNLEDGER_SHUTDOWN_TIMEOUT_MS: '300' });
    const run = await api.trigger({ project_name: 'ws' });
    await waitFor(async () => ((await api.steps(run.id)).find((s) => s.model_name === 'ws.spin')?.status === 'RUNNING' ? true : undefined), 'the slow step to run');
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0, first.stderr());
    assert.ok(logLines(first).some((l) => /^run requeued/.test(l.msg) && l.runId === run.id), 'the worker says it requeued the run');
    const requeued = (await server.request('GET', `/model-runs/${run.id}`)).body;
    assert.equal(requeued.status, 'PENDING', 'back in the queue, not failed');

    await fs.writeFile(csv, 'n\n1\n');
    const second = await startWorker();
    const ended = await api.finished(run.id);
    assert.equal(ended.status, 'SUCCESS', ended.error_message);
    const rows = await server.ctx.db.selectFrom('run_steps').select(['model_name', 'worker_id']).where('run_id', '=', run.id).orderBy('position').execute();
    const by = Object.fromEntries(rows.map((r) => [r.model_name, r.worker_id ?? '']));
    assert.match(by['ws.base']!, new RegExp(`^worker-${first.child.pid}-`), 'the finished step stayed the first worker’s');
    assert.match(by['ws.spin']!, new RegExp(`^worker-${second.child.pid}-`), 'the interrupted step was built by the second');
  });
});
