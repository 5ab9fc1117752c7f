// Ingestion through both Gentrace routes: the original nested shape, its snake_case variant, idempotent
// resubmission, the 409 on a reused id, races on one id, FAILED runs and the read routes.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { countRows } from '../helpers/counts.js';
import { nestedBody, runBody, snakeBody, stepRun } from '../helpers/gentrace-bodies.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const post = (url: string, body: unknown) => server.requestAs('writer', 'POST', url, body);
const stepsOf = async (id: string) => (await server.requestAs('reader', 'GET', `/model-runs/${id}/steps`)).body.data;

describe('POST /api/v1/pipeline-run (original shape)', () => {
  it('stores the nested shape, minting an id when none is sent', async () => {
    const steps = [stepRun(0), stepRun(1, { providerName: 'cohere', invocation: 'rerank', inputs: { docs: ['a', 'b'] } })];
    const res = await post('/api/v1/pipeline-run', nestedBody(steps));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const id = res.body.pipelineRunId;
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/, 'a minted UUIDv7');
    const stored = await stepsOf(id);
    assert.equal(stored.length, 2);
    steps.forEach((s, i) => {
      assert.equal(stored[i].order, i);
      assert.equal(stored[i].provider_name, s.providerName);
      assert.equal(stored[i].invocation, s.invocation);
      assert.deepEqual(stored[i].model_params, s.modelParams);
      assert.deepEqual(stored[i].inputs, s.inputs);
      assert.deepEqual(stored[i].outputs, s.outputs);
      assert.equal(stored[i].elapsed_time, s.elapsedTime);
      assert.equal(stored[i].started_at, s.startTime);
      assert.equal(stored[i].finished_at, s.endTime);
    });
    const run = await server.requestAs('reader', 'GET', `/model-runs/${id}`);
    assert.deepEqual([run.body.kind, run.body.status, run.body.display_name], ['ingested', 'SUCCESS', 'answer-question']);
  });

  it('keeps a client id', async () => {
    const id = randomUUID();
    const res = await post('/api/v1/pipeline-run', nestedBody([stepRun(0)], { id }));
    assert.deepEqual(res.body, { pipelineRunId: id });
  });

  it("accepts the Python SDK's snake_case keys and times with microseconds and offsets", async () => {
    const steps = [
      stepRun(0, { startTime: '2024-05-01T14:00:00.123456+02:00', endTime: '2024-05-01T14:00:01.5+02:00', elapsedTime: 1377 }),
    ];
    const res = await post('/api/v1/pipeline-run', snakeBody(steps));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [stored] = await stepsOf(res.body.pipelineRunId);
    assert.deepEqual(stored.model_params, steps[0]!.modelParams);
    assert.equal(stored.elapsed_time, 1377);
    assert.equal(stored.started_at, '2024-05-01T12:00:00.123Z');
    assert.equal(stored.finished_at, '2024-05-01T12:00:01.500Z');
  });
});

describe('idempotency', () => {
  it('answers a resubmitted id with the same body with the same pipelineRunId and stores nothing', async () => {
    const body = runBody();
    const first = await post('/api/v1/run', body);
    assert.deepEqual(first.body, { pipelineRunId: body.id });
    const before = await countRows(server.ctx.db);
    // Same content, other key order and spacing: equal as canonical JSON.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    for (const again of [body, reordered]) {
      const res = await server.requestAs('writer', 'POST', '/api/v1/run', JSON.stringify(again, null, 2));
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { pipelineRunId: body.id });
    }
    assert.deepEqual(await countRows(server.ctx.db), before);
  });

  it('refuses the same id with a different body with 409 and stores nothing', async () => {
    const body = runBody();
    await post('/api/v1/run', body);
    const before = await countRows(server.ctx.db);
    const changed = { ...body, stepRuns: [stepRun(0, { outputs: { value: 'another answer' } }), body.stepRuns[1]] };
    for (const [url, sent] of [['/api/v1/run', changed], ['/api/v1/pipeline-run', nestedBody([stepRun(0)], { id: body.id })]] as const) {
      const res = await post(url, sent);
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(res.body.error_code, 'RL_CONFLICT');
      assert.match(res.body.detail, new RegExp(body.id));
    }
    // A new pipeline named by the refused body is not left behind either.
    const res = await post('/api/v1/run', { ...body, slug: 'never-created' });
    assert.equal(res.status, 409);
    assert.deepEqual(await countRows(server.ctx.db), before);
  });

  it('refuses an id that already names a registry item, leaving its lineage alone', async () => {
    const dataset = await server.request('POST', '/registry/datasets', { display_name: 'not a run' });
    const before = await countRows(server.ctx.db);
    const res = await post('/api/v1/run', runBody({ id: dataset.body.id }));
    assert.equal(res.status, 409);
    assert.match(res.body.detail, /already names another item/);
    assert.deepEqual(await countRows(server.ctx.db), before);
  });

  it('stores a run once when identical submissions race', async () => {
    const body = runBody({}, 10);
    const before = await countRows(server.ctx.db);
    const replies = await Promise.all(Array.from({ length: 8 }, () => post('/api/v1/run', body)));
    for (const res of replies) assert.deepEqual([res.status, res.body], [200, { pipelineRunId: body.id }]);
    const after = await countRows(server.ctx.db);
    assert.equal(after.runs, before.runs! + 1);
    assert.equal(after.run_steps, before.run_steps! + 10);
  });

  it('lets exactly one of racing different bodies with one id win', async () => {
    const id = randomUUID();
    const bodies = Array.from({ length: 6 }, (_, n) => runBody({ id, metadata: { n } }));
    const replies = await Promise.all(bodies.map((b) => post('/api/v1/run', b)));
    assert.deepEqual(replies.map((r) => r.status).sort(), [200, 409, 409, 409, 409, 409]);
  });
});

describe('status', () => {
  it('is FAILED when a step run carries an error, naming it', async () => {
    const body = runBody({ stepRuns: [stepRun(0), stepRun(1, { error: 'rate limited by provider' })] });
    await post('/api/v1/run', body);
    const run = await server.requestAs('reader', 'GET', `/model-runs/${body.id}`);
    assert.equal(run.body.status, 'FAILED');
    assert.equal(run.body.error_message, 'stepRuns[1]: rate limited by provider');
    const steps = await stepsOf(body.id);
    assert.deepEqual(steps.map((s: { status: string }) => s.status), ['SUCCESS', 'FAILED']);
    assert.equal(steps[1].error_message, 'rate limited by provider');
    const v2 = await server.requestAs('reader', 'GET', `/api/v2/runs/${body.id}`);
    assert.deepEqual(v2.body.stepRuns.map((s: { error: string | null }) => s.error), [null, 'rate limited by provider']);
    const failed = await server.requestAs('reader', 'GET', '/model-runs?kind=ingested&status=FAILED');
    assert.ok(failed.body.data.some((r: { id: string }) => r.id === body.id));
  });

  it('is FAILED when the run carries an error, and SUCCESS for a null one', async () => {
    const failed = runBody({ error: 'pipeline timed out' });
    await post('/api/v1/run', failed);
    const run = await server.requestAs('reader', 'GET', `/model-runs/${failed.id}`);
    assert.deepEqual([run.body.status, run.body.error_message], ['FAILED', 'pipeline timed out']);
    const ok = runBody({ error: null });
    await post('/api/v1/run', ok);
    assert.equal((await server.requestAs('reader', 'GET', `/model-runs/${ok.id}`)).body.status, 'SUCCESS');
  });
});

describe('reads', () => {
  it('serves a run without steps, spanning its ingestion instant', async () => {
    const body = runBody({ stepRuns: [] });
    assert.equal((await post('/api/v1/run', body)).status, 200);
    const run = await server.requestAs('reader', 'GET', `/model-runs/${body.id}`);
    assert.equal(run.body.started_at, run.body.finished_at);
    assert.deepEqual((await server.requestAs('reader', 'GET', `/api/v2/runs/${body.id}`)).body, { id: body.id, stepRuns: [] });
  });

  it('404s a run it does not hold, or one that was not ingested', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const res = await server.requestAs('reader', 'GET', `/api/v2/runs/${id}`);
      assert.equal(res.status, 404);
      assert.equal(res.body.error_code, 'RL_NOT_FOUND');
    }
  });

  it('pages pipelines by slug and filters by slug and label', async () => {
    for (const slug of ['p-a', 'p-b', 'p-c']) await post('/api/v1/run', runBody({ slug }));
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const res = await server.requestAs('reader', 'GET', `/api/v1/pipelines?max_results=2${token ? `&page_token=${token}` : ''}`);
      assert.equal(res.status, 200);
      assert.ok(res.body.pipelines.length <= 2);
      seen.push(...res.body.pipelines.map((p: { slug: string }) => p.slug));
      token = res.body.next_page_token;
    } while (token);
    assert.deepEqual(seen, [...new Set(seen)].sort());
    for (const slug of ['p-a', 'p-b', 'p-c']) assert.ok(seen.includes(slug));
    const one = await server.requestAs('reader', 'GET', '/api/v1/pipelines?slug=p-b');
    assert.deepEqual(one.body.pipelines.map((p: { slug: string }) => p.slug), ['p-b']);
    assert.equal(one.body.pipelines[0].displayName, 'p-b');
    const labelled = await server.requestAs('reader', 'GET', '/api/v1/pipelines?label=prod');
    assert.deepEqual(labelled.body.pipelines, []);
    const bad = await server.requestAs('reader', 'GET', '/api/v1/pipelines?page_token=zzz');
    assert.equal(bad.status, 400);
  });
});
