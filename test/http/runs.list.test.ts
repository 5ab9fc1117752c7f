import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildProvenaWorld } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
const lodged: string[] = [];
before(async () => {
  server = await startTestServer();
  const world = await buildProvenaWorld(server);
  for (let i = 0; i < 250; i++) {
    const res = await server.request('POST', '/model_run/register_complete', world.record({ display_name: `run ${i}` }));
    assert.equal(res.status, 200);
    lodged.push(res.body.record_info.id);
  }
});
after(() => server.close());

describe('GET /model-runs', () => {
  it('pages through 250 runs newest first with no duplicate and no gap', async () => {
    const seen: string[] = [];
    const created: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await server.request('GET', `/model-runs?max_results=40&kind=registered${token ? `&page_token=${token}` : ''}`);
      assert.equal(res.status, 200);
      pages++;
      seen.push(...res.body.data.map((r: { id: string }) => r.id));
      created.push(...res.body.data.map((r: { created_at: string }) => r.created_at));
      token = res.body.next_page_token;
    } while (token);
    assert.equal(pages, 7);
    assert.equal(seen.length, 250);
    assert.equal(new Set(seen).size, 250, 'no duplicates');
    assert.deepEqual(new Set(seen), new Set(lodged), 'no gaps');
    assert.deepEqual([...created].sort().reverse(), created, 'newest first');
  });

  it('filters by status and kind and refuses an unknown status, listing the allowed ones', async () => {
    const ok = await server.request('GET', '/model-runs?status=SUCCESS&max_results=5');
    assert.ok(ok.body.data.every((r: { status: string }) => r.status === 'SUCCESS'));
    const none = await server.request('GET', '/model-runs?kind=triggered');
    assert.deepEqual(none.body.data, []);
    assert.equal(none.body.next_page_token, undefined);
    const bad = await server.request('GET', '/model-runs?status=DONE');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.detail, 'querystring.status must be one of: PENDING, RUNNING, SUCCESS, FAILED, CANCELLED');
    const badKind = await server.request('GET', '/model-runs?kind=other');
    assert.equal(badKind.status, 400);
    assert.equal(badKind.body.detail, 'querystring.kind must be one of: registered, triggered, ingested');
  });

  it('serves a registered run in the unified shape', async () => {
    const run = await server.request('GET', `/model-runs/${lodged[0]}`);
    assert.deepEqual([run.body.kind, run.body.status], ['registered', 'SUCCESS']);
    assert.equal((await server.request('GET', '/model-runs/not-a-uuid')).status, 404);
    assert.deepEqual((await server.request('GET', `/model-runs/${lodged[0]}/steps`)).body.data, []);
  });
});
