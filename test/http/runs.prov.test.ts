// GET /model-runs/{id}/prov: one PROV-JSON download for every kind of run.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { runBody } from '../helpers/gentrace-bodies.js';
import { modelRuns } from '../helpers/model-runs.js';
import { exportRequest, traceUuid } from '../helpers/otlp.js';
import { buildProvenaWorld } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

type Doc = Record<string, Record<string, Record<string, unknown>>>;
const activities = (doc: Doc) => Object.keys(doc.activity ?? {});

describe('a run’s PROV document', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.close());

  const prov = async (id: string) => {
    const res = await server.requestAs('reader', 'GET', `/model-runs/${id}/prov`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.headers.get('content-disposition') ?? '', new RegExp(`run-${id}\\.prov\\.json`));
    return res.body as Doc;
  };

  test('a registered run: the document lodged with it', async () => {
    const world = await buildProvenaWorld(server);
    const reg = await server.request('POST', '/model_run/register_complete', world.record());
    assert.equal(reg.status, 200, JSON.stringify(reg.body));
    assert.deepEqual(await prov(reg.body.record_info.id), JSON.parse(reg.body.record_info.prov_json));
  });

  test('a triggered run: the run, its steps and the tables they built', async () => {
    const m = modelRuns(server);
    await m.model('p', 'a', 'select 1 as x');
    await m.model('p', 'b', "select x from {{ ref('a') }}");
    const run = await m.trigger({ project_name: 'p' });
    await m.finished(run.id);
    const doc = await prov(run.id);
    assert.ok(activities(doc).includes(`uuid:${run.id}`), JSON.stringify(activities(doc)));
    assert.ok(Object.keys(doc.entity ?? {}).length >= 2);
  });

  test('an ingested Gentrace run: rebuilt from its rows, with each step run', async () => {
    const id = randomUUID();
    const res = await server.requestAs('writer', 'POST', '/api/v1/run', runBody({ id }, 3));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const runId = res.body.pipelineRunId as string;
    const doc = await prov(runId);
    assert.ok(activities(doc).includes(`uuid:${runId}`));
    assert.equal(activities(doc).length, 4, JSON.stringify(activities(doc)));
  });

  test('a run of OTLP spans: read off the lineage graph, every span an activity', async () => {
    const traceId = randomBytes(16).toString('hex');
    const [root, child] = [randomBytes(8).toString('hex'), randomBytes(8).toString('hex')];
    const now = Date.now();
    const res = await server.requestAs('writer', 'POST', '/v1/traces', exportRequest([
      { traceId, spanId: root, name: 'answer', startMs: now, endMs: now + 20 },
      { traceId, spanId: child, parentSpanId: root, name: 'chat gpt-4o', startMs: now + 1, endMs: now + 10, attributes: { 'gen_ai.request.model': 'gpt-4o' } },
    ]));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const steps = await server.request('GET', `/model-runs/${traceUuid(traceId)}/steps`);
    assert.equal(steps.status, 200, JSON.stringify(steps.body));
    const doc = await prov(traceUuid(traceId));
    for (const step of steps.body.data as { id: string }[]) assert.ok(activities(doc).includes(`uuid:${step.id}`), step.id);
  });

  test('an unknown run is a 404', async () => {
    const res = await server.request('GET', `/model-runs/${randomUUID()}/prov`);
    assert.equal(res.status, 404);
    assert.equal(res.body.error_code, 'RL_NOT_FOUND');
  });
});
