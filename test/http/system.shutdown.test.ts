// Graceful shutdown with a deadline, on `runledger serve` run as an operator runs it: SIGTERM while a model's
// DuckDB statement runs; past RUNLEDGER_SHUTDOWN_TIMEOUT_MS the statement is interrupted, the run goes back to
// the queue and the process exits 0; the next start continues the run from its unfinished step.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serveCli, stopCli, type CliProcess } from '../helpers/cli.js';
import { adminToken, cliStore, logLines, type CliStore } from '../helpers/cli-store.js';
import { waitFor } from '../helpers/wait.js';

const PASSWORD = 'shutdown-test-password';
let store: CliStore;
const started: CliProcess[] = [];

async function serve(extra: Record<string, string> = {}) {
  const proc = await serveCli({ ...store.env, RUNLEDGER_ADMIN_PASSWORD: PASSWORD, RUNLEDGER_SHUTDOWN_TIMEOUT_MS: '500', ...extra });
  started.push(proc);
  const auth = await adminToken(proc.url, PASSWORD);
  const call = async (method: string, url: string, body?: unknown, type = 'application/json') => {
    const res = await fetch(proc.url + url, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': type }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return { proc, call };
}

/** A CSV of `rows` rows: the slow model's work is its row count times a hundred million. */
const spinCsv = (rows: number) => `n\n${'1\n'.repeat(rows)}`;

before(async () => {
  store = await cliStore();
});
after(async () => {
  for (const proc of started) await stopCli(proc, 'SIGKILL');
  await store?.remove();
});

describe('shutdown of serve with a run in hand', () => {
  // The timeout only bounds a hung shutdown; it is not a performance check.
  it('interrupts the statement at the deadline, requeues the run, exits 0; the next start finishes the run', { timeout: 300_000 }, async () => {
    const first = await serve();
    const model = async (name: string, sql: string) => {
      const res = await first.call('POST', '/models', { project_name: 'slow', name, sql, materialization: 'TABLE' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    };
    await model('base', 'SELECT 1 AS n');
    await model('spin', "SELECT sum(a.n * r.range) AS s FROM read_csv('spin.csv') a CROSS JOIN range(100000000) r CROSS JOIN base");
    await model('after_spin', 'SELECT s FROM spin');
    assert.equal((await first.call('POST', '/models/slow/base/tests', { name: 'n present', test_type: 'not_null', column: 'n' })).status, 201);
    assert.equal((await first.call('PUT', '/v1/projects/slow/files/spin.csv', spinCsv(10_000), 'text/plain')).status, 201);

    const run = (await first.call('POST', '/model-runs', { project_name: 'slow' })).body;
    const stepsOf = async (proc: typeof first): Promise<Record<string, any>> =>
      Object.fromEntries(((await proc.call('GET', `/model-runs/${run.id}/steps`)).body.data as any[]).map((s) => [s.model_name, s]));
    const before = await waitFor(async () => {
      const steps = await stepsOf(first);
      return steps['slow.spin']?.status === 'RUNNING' ? steps : undefined;
    }, 'the slow step to run');
    assert.equal(before['slow.base'].status, 'SUCCESS');

    first.proc.child.kill('SIGTERM');
    assert.equal(await first.proc.exited, 0, first.proc.stderr());
    const lines = logLines(first.proc);
    const said = (msg: RegExp, fields: Record<string, unknown> = {}) =>
      lines.find((l) => msg.test(l.msg) && Object.entries(fields).every(([k, v]) => l[k] === v));
    assert.ok(said(/^shutting down/, { signal: 'SIGTERM', timeoutMs: 500 }), 'the stop is logged');
    assert.ok(said(/^shutdown deadline of 500 ms passed: interrupting/), 'the deadline is logged');
    assert.ok(said(/^step interrupted$/, { runId: run.id, step: 'slow.spin' }), 'the interrupted step is named');
    assert.ok(said(/^run requeued/, { runId: run.id }), 'the requeued run is named');
    assert.equal(said(/^shut down/)?.interrupted, true);
    assert.equal(said(/^run failed$/, { runId: run.id }), undefined, 'the run did not fail');

    // Cheap work for the next execution of the step, written while no process runs.
    await fs.writeFile(path.join(store.dataDir, 'files', 'slow', 'spin.csv'), spinCsv(1));
    const second = await serve();
    const ended = await waitFor(async () => {
      const res = await second.call('GET', `/model-runs/${run.id}`);
      return ['SUCCESS', 'FAILED', 'CANCELLED'].includes(res.body.status) ? res.body : undefined;
    }, 'the requeued run to end');
    assert.equal(ended.status, 'SUCCESS', ended.error_message);
    const steps = await stepsOf(second);
    assert.deepEqual(
      Object.values(steps).map((s) => s.status),
      ['SUCCESS', 'SUCCESS', 'SUCCESS'],
    );
    assert.equal(steps['slow.base'].started_at, before['slow.base'].started_at, 'the finished step was not built again');
    assert.equal(steps['slow.base'].finished_at, before['slow.base'].finished_at);
    const results = (await second.call('GET', `/model-runs/${run.id}/test-results`)).body.data;
    assert.deepEqual(
      results.map((r: any) => [r.test_name, r.status]),
      [['n present', 'PASS']],
      'the finished step kept its one test result',
    );
    assert.ok(logLines(second.proc).some((l) => l.msg === 'run claimed' && l.runId === run.id), 'the next start claimed it');

    second.proc.child.kill('SIGTERM');
    assert.equal(await second.proc.exited, 0, second.proc.stderr());
    assert.ok(logLines(second.proc).some((l) => l.msg === 'shut down' && l.interrupted === false), 'an idle stop needs no interrupt');
  });
});
