// Selectors as the Data Platform's: names bare or qualified, graph operators, tags, projects, `*`,
// comma unions across model_names, and state:modified against each model's last successful build.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { modelRuns } from '../helpers/model-runs.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let api: ReturnType<typeof modelRuns>;
before(async () => {
  server = await startTestServer();
  api = modelRuns(server);
  await api.model('sel', 'a', 'SELECT 1 AS id', { materialization: 'TABLE', tags: ['raw'] });
  await api.model('sel', 'b', "SELECT id FROM {{ ref('a') }}", { materialization: 'TABLE', tags: ['finance'] });
  await api.model('sel', 'c', "SELECT id, {{ var('factor', 1) }} AS f FROM {{ ref('a') }}", { materialization: 'TABLE', tags: ['finance', 'daily'] });
  await api.model('sel', 'd', "SELECT * FROM {{ ref('b') }} JOIN {{ ref('c') }} USING (id)", { materialization: 'VIEW' });
  await api.model('other', 'x', 'SELECT 1 AS id', { materialization: 'TABLE' });
});
after(() => server.close());

async function selected(model_names: string[], extra: Record<string, unknown> = {}): Promise<string[]> {
  const run = await api.trigger({ project_name: 'sel', model_names, ...extra });
  const names = (await api.steps(run.id)).map((s) => s.model_name);
  await api.finished(run.id);
  return names;
}

describe('selectors', () => {
  it('select by name, qualified name, graph operators, tag, project, * and unions', async () => {
    assert.deepEqual(await selected(['b']), ['sel.b']);
    assert.deepEqual(await selected(['sel.b']), ['sel.b']);
    assert.deepEqual(await selected(['+d']), ['sel.a', 'sel.b', 'sel.c', 'sel.d']);
    assert.deepEqual(await selected(['c+']), ['sel.c', 'sel.d']);
    assert.deepEqual(await selected(['+b+']), ['sel.a', 'sel.b', 'sel.d']);
    assert.deepEqual(await selected(['tag:finance']), ['sel.b', 'sel.c']);
    assert.deepEqual(await selected(['project:sel']), ['sel.a', 'sel.b', 'sel.c', 'sel.d']);
    assert.deepEqual(await selected(['*']), ['sel.a', 'sel.b', 'sel.c', 'sel.d']);
    assert.deepEqual(await selected(['a,tag:daily', 'd']), ['sel.a', 'sel.c', 'sel.d'], 'every entry a comma-separated union');
  });

  it('refuse a name no model of the project has, and a selection of nothing, with 400', async () => {
    for (const [selector, detail] of [
      ['nope', /model "nope" not found/],
      ['other.x', /model "other\.x" not found/],
      ['tag:none', /selects no model of project "sel"/],
      ['project:other', /selects no model of project "sel"/],
    ] as const) {
      const res = await server.request('POST', '/model-runs', { project_name: 'sel', model_names: [selector] });
      assert.equal(res.status, 400, selector);
      assert.equal(res.body.error_code, 'RL_VALIDATION');
      assert.match(res.body.detail, detail);
    }
  });

  it('state:modified selects what compiles differently from its last successful build', async () => {
    const all = await api.run({ project_name: 'sel' });
    assert.equal(all.run.status, 'SUCCESS', all.run.error_message);
    const none = await server.request('POST', '/model-runs', { project_name: 'sel', model_names: ['state:modified'] });
    assert.equal(none.status, 400, 'nothing changed since');
    assert.match(none.body.detail, /state:modified selects no model/);

    assert.equal((await server.request('PATCH', '/models/sel/b', { sql: "SELECT id, 2 AS two FROM {{ ref('a') }}" })).status, 200);
    assert.deepEqual(await selected(['state:modified']), ['sel.b'], 'its SQL changed');
    assert.deepEqual(await selected(['state:modified'], { vars: { factor: 3 } }), ['sel.c'], 'a var it reads changed; b is built as it is now');
    assert.deepEqual(await selected(['state:modified']), ['sel.c'], 'last built with factor 3');
    assert.deepEqual(await selected(['state:modified', 'a'], { target_schema: 'dev' }), ['sel.a', 'sel.b', 'sel.c', 'sel.d'], 'nothing built into dev yet');
  });
});
