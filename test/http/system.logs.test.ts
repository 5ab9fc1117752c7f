// The log of `runledger serve` as an operator reads it: JSON lines of one shape on stdout (stdout is not a
// terminal here), telling a run's story from claim to end, a job's failure, and who made each request.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { serveCli, stopCli, type CliProcess } from '../helpers/cli.js';
import { adminToken, cliStore, logLines, type CliStore, type LogLine } from '../helpers/cli-store.js';
import { waitFor } from '../helpers/wait.js';

const PASSWORD = 'logs-test-password';
let store: CliStore;
let serve: CliProcess & { url: string };
let auth: Record<string, string>;

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(serve.url + url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Waits for a line with `msg` whose fields include `fields`. */
function line(msg: string, fields: Record<string, unknown> = {}): Promise<LogLine> {
  return waitFor(
    async () => logLines(serve).find((l) => l.msg === msg && Object.entries(fields).every(([k, v]) => l[k] === v)),
    `a "${msg}" log line with ${JSON.stringify(fields)}`,
  );
}

before(async () => {
  store = await cliStore();
  serve = await serveCli({ ...store.env, RUNLEDGER_ADMIN_PASSWORD: PASSWORD, RUNLEDGER_LOG_LEVEL: 'info' });
  auth = await adminToken(serve.url, PASSWORD);
});
after(async () => {
  if (serve) await stopCli(serve);
  await store?.remove();
});

describe('the log of serve', () => {
  it("tells a triggered run's story: claimed, each step started and finished, the run finished", async () => {
    assert.equal((await call('POST', '/models', { project_name: 'good', name: 'one', sql: 'SELECT 1 AS x', materialization: 'TABLE' })).status, 201);
    const run = (await call('POST', '/model-runs', { project_name: 'good' })).body;
    const claimed = await line('run claimed', { runId: run.id });
    assert.equal(claimed.project, 'good');
    assert.match(claimed.worker, /^serve-\d+-/, 'the in-process worker names itself');
    assert.equal(typeof claimed.waitedMs, 'number');
    await line('step started', { runId: run.id, step: 'good.one' });
    const step = await line('step finished', { runId: run.id, step: 'good.one' });
    assert.equal(step.status, 'SUCCESS');
    assert.equal(typeof step.durationMs, 'number');
    const finished = await line('run finished', { runId: run.id });
    assert.equal(finished.status, 'SUCCESS');
    assert.equal(finished.level, 30);
  });

  it('logs a failed run with its error, at warn', async () => {
    assert.equal((await call('POST', '/models', { project_name: 'bad', name: 'broken', sql: 'SELECT * FROM missing_table', materialization: 'TABLE' })).status, 201);
    const run = (await call('POST', '/model-runs', { project_name: 'bad' })).body;
    const step = await line('step finished', { runId: run.id, step: 'bad.broken' });
    assert.equal(step.status, 'FAILED');
    assert.match(step.error, /missing_table/);
    const failed = await line('run failed', { runId: run.id });
    assert.equal(failed.level, 40);
    assert.equal(failed.status, 'FAILED');
    assert.match(failed.error, /bad\.broken: .*missing_table/);
    const stored = (await call('GET', `/model-runs/${run.id}`)).body;
    assert.equal(failed.error, stored.error_message, 'the log says what the run says');
  });

  it('logs a Provena job claimed and failed', async () => {
    const res = await call('POST', '/provena/prov/model_run/register_batch', { records: [] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await line('job claimed', { sessionId: res.body.session_id });
    const failed = await line('job failed', { sessionId: res.body.session_id });
    assert.ok(failed.error, 'the reason is logged');
  });

  it("puts the principal's id on request logs: a user's token and an API key", async () => {
    const me = (await call('GET', '/users')).body.data.find((u: { username: string }) => u.username === 'admin');
    assert.ok(me, 'admin is listed');
    const created = (await call('POST', '/api-keys', { name: 'logs', role: 'reader' })).body;
    assert.equal((await call('GET', '/model-runs', undefined, { 'x-api-key': created.key })).status, 200);
    assert.equal((await call('GET', '/model-runs', undefined, {})).status, 401);

    const completed = await waitFor(async () => {
      const lines = logLines(serve).filter((l) => l.msg === 'request completed');
      return lines.some((l) => l.principal?.kind === 'api_key') && lines.some((l) => l.res?.statusCode === 401) ? lines : undefined;
    }, 'the requests to be logged');
    const byUser = completed.find((l) => l.principal?.kind === 'user');
    assert.deepEqual(byUser?.principal, { id: me.id, username: 'admin', kind: 'user' });
    const byKey = completed.find((l) => l.principal?.kind === 'api_key');
    assert.equal(byKey?.principal.id, created.id);
    assert.equal(completed.find((l) => l.res?.statusCode === 401)?.principal, undefined, 'no principal without valid credentials');
  });

  it('writes every line as JSON of one shape', () => {
    const lines = logLines(serve);
    assert.ok(lines.length > 10);
    for (const l of lines) {
      assert.equal(typeof l.level, 'number', JSON.stringify(l));
      assert.match(l.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, JSON.stringify(l));
      assert.equal(l.pid, serve.child.pid);
      assert.equal(typeof l.msg, 'string');
    }
  });
});
