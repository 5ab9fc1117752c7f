// GET /metrics: who may read it, the Prometheus text it answers, and counters that move with real requests,
// model runs and OTLP exports; the listener of its own (RUNLEDGER_METRICS_PORT) that needs no credentials.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sample, samples } from '../helpers/metrics.js';
import { modelRuns } from '../helpers/model-runs.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
/** Holds a run of project "held" before its step executes, so a scrape can see it RUNNING. */
let gate: { reached: () => void; released: Promise<void> } | undefined;

async function scrape(): Promise<Map<string, number>> {
  const res = await fetch(`${server.url}/metrics`, { headers: server.credentials.admin });
  assert.equal(res.status, 200);
  return samples(await res.text());
}

before(async () => {
  server = await startTestServer({
    racepoints: {
      beforeStepExecute: async (_runId, model) => {
        if (!model.startsWith('held.') || !gate) return;
        gate.reached();
        await gate.released;
      },
    },
  });
});
after(() => server?.close());

describe('GET /metrics', () => {
  it('needs an admin: 401 without credentials, 403 for a reader or writer, with problem documents', async () => {
    const anonymous = await server.requestAs('anonymous', 'GET', '/metrics');
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('content-type') ?? '', /application\/problem\+json/);
    for (const caller of ['reader', 'writer'] as const) {
      const res = await server.requestAs(caller, 'GET', '/metrics');
      assert.equal(res.status, 403, caller);
      assert.match(res.body.detail, /needs role admin/);
    }
  });

  it('answers the Prometheus text format with process, store and HTTP metrics', async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: server.credentials.admin });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    assert.match(text, /^# HELP runledger_http_request_duration_seconds /m);
    assert.match(text, /^# TYPE runledger_http_request_duration_seconds histogram$/m);
    assert.match(text, /^# TYPE runledger_runs gauge$/m);
    const all = samples(text);
    assert.ok(sample(all, 'process_cpu_user_seconds_total') > 0, 'process metrics are collected');
    assert.ok(sample(all, 'nodejs_heap_size_used_bytes') > 0);
    assert.ok(sample(all, 'runledger_store_pool_max_connections') >= 1, 'store pool size');
    assert.equal(sample(all, 'runledger_store_pool_waiting_requests'), 0);
    assert.ok(all.has('runledger_store_pool_connections{state="idle"}'));
    assert.equal(sample(all, 'runledger_runs', { kind: 'triggered', status: 'PENDING' }), 0);
  });

  it('is documented as text/plain with an operationId', async () => {
    const doc = (await server.requestAs('anonymous', 'GET', '/openapi.json')).body;
    const op = doc.paths['/metrics'].get;
    assert.equal(op.operationId, 'getMetrics');
    assert.deepEqual(Object.keys(op.responses['200'].content), ['text/plain']);
    assert.match(op.responses['200'].description, /Prometheus/);
    assert.deepEqual(op.security[0], { OAuth2PasswordBearer: ['admin'] });
  });

  it('counts requests by route pattern, method and status, never by raw URL', async () => {
    const before = await scrape();
    const route = { method: 'GET', route: '/model-runs/:runId', status_code: '404' };
    const missing = [0, 1, 2].map(() => `00000000-0000-7000-8000-${randomBytes(6).toString('hex')}`);
    for (const id of missing) assert.equal((await server.request('GET', `/model-runs/${id}`)).status, 404);
    assert.equal((await server.requestAs('anonymous', 'GET', `/no/such/${missing[0]}`)).status, 404);
    const after = await scrape();
    assert.equal(sample(after, 'runledger_http_request_duration_seconds_count', route) - sample(before, 'runledger_http_request_duration_seconds_count', route), 3);
    assert.ok(sample(after, 'runledger_http_request_duration_seconds_bucket', { ...route, le: '+Inf' }) >= 3);
    assert.ok(sample(after, 'runledger_http_request_duration_seconds_count', { route: '(unmatched)' }) >= 1);
    for (const key of after.keys()) for (const id of missing) assert.ok(!key.includes(id), `a series names a request's id: ${key}`);
  });

  it('shows a run executing, then its claim, run and step durations once it ends', async () => {
    const api = modelRuns(server);
    await api.model('held', 'one', 'SELECT 1 AS x', { materialization: 'TABLE' });
    let release!: () => void;
    let reached!: () => void;
    const atStep = new Promise<void>((resolve) => (reached = resolve));
    gate = { reached, released: new Promise<void>((resolve) => (release = resolve)) };
    const run = await api.trigger({ project_name: 'held' });
    await atStep;
    const during = await scrape();
    assert.equal(sample(during, 'runledger_runs', { kind: 'triggered', status: 'RUNNING' }), 1);
    release();
    gate = undefined;
    assert.equal((await api.finished(run.id)).status, 'SUCCESS');

    await api.model('broken', 'bad', 'SELECT * FROM no_such_table', { materialization: 'TABLE' });
    assert.equal((await api.finished((await api.trigger({ project_name: 'broken' })).id)).status, 'FAILED');

    const all = await waitFor(async () => {
      const now = await scrape();
      return sample(now, 'runledger_run_duration_seconds_count', { outcome: 'FAILED' }) >= 1 ? now : undefined;
    }, 'the failed run to be counted');
    assert.equal(sample(all, 'runledger_run_duration_seconds_count', { outcome: 'SUCCESS' }), 1);
    assert.equal(sample(all, 'runledger_run_duration_seconds_count', { outcome: 'FAILED' }), 1);
    assert.equal(sample(all, 'runledger_step_duration_seconds_count', { status: 'SUCCESS' }), 1);
    assert.equal(sample(all, 'runledger_step_duration_seconds_count', { status: 'FAILED' }), 1);
    assert.equal(sample(all, 'runledger_claim_latency_seconds_count', { queue: 'runs' }), 2);
    assert.equal(sample(all, 'runledger_runs', { kind: 'triggered', status: 'RUNNING' }), 0);
    assert.equal(sample(all, 'runledger_queue_depth', { queue: 'runs' }), 0);
  });

  it('counts OTLP spans accepted and rejected', async () => {
    const before = await scrape();
    const traceId = randomBytes(16).toString('hex');
    const span = (spanId: string, start: string, end: string) => ({ traceId, spanId, name: 'call', startTimeUnixNano: start, endTimeUnixNano: end });
    const body = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                span(randomBytes(8).toString('hex'), '1700000000000000000', '1700000001000000000'),
                span(randomBytes(8).toString('hex'), '1700000002000000000', '1700000001000000000'), // ends before it starts
              ],
            },
          ],
        },
      ],
    };
    const res = await server.requestAs('writer', 'POST', '/v1/traces', body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.partialSuccess.rejectedSpans, '1');
    const after = await scrape();
    const moved = (outcome: string) =>
      sample(after, 'runledger_otlp_spans_received_total', { outcome }) - sample(before, 'runledger_otlp_spans_received_total', { outcome });
    assert.equal(moved('accepted'), 1);
    assert.equal(moved('rejected'), 1);
  });
});

describe('a metrics listener of its own (RUNLEDGER_METRICS_PORT)', () => {
  let separate: TestServer;
  before(async () => {
    separate = await startTestServer({ env: { RUNLEDGER_METRICS_PORT: '0', RUNLEDGER_METRICS_HOST: '127.0.0.1' } });
  });
  after(() => separate?.close());

  it('serves GET /metrics without credentials, and nothing else', async () => {
    assert.ok(separate.metricsUrl, 'the listener is up');
    assert.notEqual(new URL(separate.metricsUrl).port, String(separate.port));
    const res = await fetch(separate.metricsUrl);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    assert.match(await res.text(), /^runledger_store_pool_max_connections \d+$/m);
    assert.equal((await fetch(new URL('/model-runs', separate.metricsUrl))).status, 404);
    assert.equal((await fetch(separate.metricsUrl, { method: 'POST' })).status, 405);
    // On the API's port, /metrics still needs an admin.
    assert.equal((await separate.requestAs('anonymous', 'GET', '/metrics')).status, 401);
  });

  it('counts only its own server: each server in a process has a registry of its own', async () => {
    const labels = { method: 'GET', route: '/model-runs/:runId', status_code: '404' };
    const count = (all: Map<string, number>) => sample(all, 'runledger_http_request_duration_seconds_count', labels);
    const otherBefore = count(await scrape());
    const marker = `/model-runs/00000000-0000-7000-8000-${randomBytes(6).toString('hex')}`;
    for (let i = 0; i < 2; i++) await separate.request('GET', marker);
    assert.equal(count(samples(await (await fetch(separate.metricsUrl!)).text())), 2);
    assert.equal(count(await scrape()), otherBefore, 'the other server in this process counted none of them');
  });
});
