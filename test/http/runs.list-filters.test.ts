// GET /model-runs filters, as the UI's runs list uses them: each filter alone and combined, text search
// taking LIKE's metacharacters literally, and keyset paging that keeps the filter.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { runBody } from '../helpers/gentrace-bodies.js';
import { modelRuns } from '../helpers/model-runs.js';
import { buildProvenaWorld } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('runs list filters', () => {
  let server: TestServer;
  const ids: Record<string, string> = {};
  const list = async (q: string) => {
    const res = await server.request('GET', `/model-runs?${q}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { data: { id: string; display_name: string; pipeline_id?: string; created_by?: string; updated_at: string }[]; next_page_token?: string };
  };

  before(async () => {
    server = await startTestServer();
    const world = await buildProvenaWorld(server);
    const reg = await server.request('POST', '/model_run/register_complete', world.record({ display_name: 'Calibration 100% done_ok' }));
    assert.equal(reg.status, 200, JSON.stringify(reg.body));
    ids.registered = reg.body.record_info.id;
    for (const slug of ['alpha', 'alpha', 'beta']) {
      const res = await server.requestAs('writer', 'POST', '/api/v1/run', runBody({ id: randomUUID(), slug }));
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const m = modelRuns(server);
    await m.model('shop', 'orders', 'select 1 as id');
    await m.model('shop', 'customers', 'select 2 as id');
    const run = await m.trigger({ project_name: 'shop', model_names: ['orders'] });
    ids.triggered = run.id;
    await m.finished(run.id);
  });
  after(() => server?.close());

  test('kind, project, pipeline and creator each narrow the list', async () => {
    const all = await list('max_results=100');
    assert.equal(all.data.length, 5);
    assert.ok(all.data.every((r) => typeof r.updated_at === 'string'));
    assert.deepEqual((await list('kind=triggered')).data.map((r) => r.id), [ids.triggered]);
    assert.deepEqual((await list('project_name=shop')).data.map((r) => r.id), [ids.triggered]);

    const ingested = (await list('kind=ingested')).data;
    assert.equal(ingested.length, 3);
    const alpha = ingested.filter((r) => r.display_name.includes('alpha'))[0] ?? ingested[0]!;
    const pipeline = alpha.pipeline_id!;
    assert.ok(pipeline);
    const ofPipeline = (await list(`pipeline_id=${pipeline}`)).data;
    assert.ok(ofPipeline.length >= 1 && ofPipeline.every((r) => r.pipeline_id === pipeline));
    assert.ok(ofPipeline.length < 3);

    const writerRuns = (await list(`created_by=${ingested[0]!.created_by}`)).data;
    assert.deepEqual(writerRuns.map((r) => r.id).sort(), ingested.map((r) => r.id).sort());
  });

  test('model finds the runs that built it, and only those', async () => {
    assert.deepEqual((await list('model=shop.orders')).data.map((r) => r.id), [ids.triggered]);
    assert.deepEqual((await list('model=shop.customers')).data, []);
  });

  test('q searches names case-blind, with % and _ taken literally', async () => {
    assert.deepEqual((await list('q=CALIBRATION')).data.map((r) => r.id), [ids.registered]);
    assert.deepEqual((await list(`q=${encodeURIComponent('100%')}`)).data.map((r) => r.id), [ids.registered]);
    assert.deepEqual((await list(`q=${encodeURIComponent('0%d')}`)).data, []);
    assert.deepEqual((await list(`q=${encodeURIComponent('e_o')}`)).data.map((r) => r.id), [ids.registered]);
    assert.deepEqual((await list(`q=${encodeURIComponent('_')}`)).data.map((r) => r.id), [ids.registered]);
  });

  test('paging keeps the filter and visits every match once', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await list(`kind=ingested&max_results=1${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
      assert.ok(page.data.length <= 1);
      seen.push(...page.data.map((r) => r.id));
      token = page.next_page_token;
    } while (token);
    assert.equal(seen.length, 3);
    assert.equal(new Set(seen).size, 3);
  });

  test('a bad filter is a 400 naming it', async () => {
    const res = await server.request('GET', '/model-runs?q=');
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(res.body), /q/);
  });
});
