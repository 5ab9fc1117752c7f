// Dependencies as the platform returns them (`project.name`, `source:s.t`), across projects, and the DAG as
// tiers of nodes, for one project or for all.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

async function model(project: string, name: string, sql: string, materialization = 'VIEW') {
  const res = await server.request('POST', '/models', { project_name: project, name, sql, materialization });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}
const dependsOn = async (project: string, name: string) => (await server.request('GET', `/models/${project}/${name}`)).body.depends_on;
const dag = async (project?: string) => (await server.request('GET', `/models/dag${project ? `?project_name=${project}` : ''}`)).body;
const tierNames = (body: any) => body.tiers.map((t: any) => t.nodes.map((n: any) => `${n.project_name}.${n.model_name}`));

describe('model dependencies and the DAG', () => {
  it('answers an empty DAG before any model exists', async () => {
    assert.deepEqual(await dag(), { tiers: [] });
  });

  it('tiers every project’s models when no project is named, dependencies crossing projects', async () => {
    await model('lake', 'base', 'SELECT 1 AS id');
    await model('mart', 'top', 'SELECT * FROM lake.base', 'TABLE');
    await model('mart', 'side', 'SELECT 2 AS id');
    assert.deepEqual(await dependsOn('mart', 'top'), ['lake.base']);
    const all = await dag();
    assert.deepEqual(tierNames(all), [['lake.base', 'mart.side'], ['mart.top']]);
    assert.deepEqual(all.tiers.map((t: any) => t.tier), [0, 1]);
    assert.deepEqual(all.tiers[1].nodes[0], { project_name: 'mart', model_name: 'top', materialization: 'TABLE', depends_on: ['lake.base'] });

    const mart = await dag('mart');
    assert.deepEqual(tierNames(mart), [['mart.side', 'mart.top']], 'another project’s model shows as a dependency but is not tiered');
    assert.deepEqual(mart.tiers[0].nodes[1].depends_on, ['lake.base']);
  });

  it('finds a model a model reads even when it is created later', async () => {
    const early = await model('order', 'report', 'SELECT * FROM facts');
    assert.deepEqual(early.depends_on, [], 'no model "facts" yet: a table no model builds');
    await model('order', 'facts', 'SELECT 1 AS id');
    assert.deepEqual(await dependsOn('order', 'report'), ['order.facts']);
    assert.deepEqual(tierNames(await dag('order')), [['order.facts'], ['order.report']]);
  });

  it('resolves a bare name to the project’s own model, else to the one model of that name anywhere', async () => {
    await model('solo', 'only_here', 'SELECT 1 AS id');
    await model('reader', 'own', 'SELECT 1 AS id');
    const reads = await model('reader', 'reads', 'SELECT * FROM only_here JOIN own USING (id)');
    assert.deepEqual(reads.depends_on, ['reader.own', 'solo.only_here']);
    await model('other', 'own', 'SELECT 1 AS id');
    assert.deepEqual(await dependsOn('reader', 'reads'), ['reader.own', 'solo.only_here'], 'the own project wins');
    await model('other', 'only_here', 'SELECT 1 AS id');
    assert.deepEqual(await dependsOn('reader', 'reads'), ['reader.own'], 'an ambiguous name is no dependency');
  });

  it('names sources as source:s.t, and never the model itself', async () => {
    const incremental = await model(
      'tpl',
      'events',
      "SELECT * FROM {{ source('raw', 'events') }}{% if is_incremental() %} WHERE ts > (SELECT max(ts) FROM {{ this }}){% endif %}",
      'INCREMENTAL',
    );
    assert.deepEqual(incremental.depends_on, ['source:raw.events']);
    const self = await model('tpl', 'loop', 'SELECT * FROM loop');
    assert.deepEqual(self.depends_on, [], 'a model reading its own relation does not depend on itself');
  });

  it('refuses a cycle across projects, naming it, and stores nothing', async () => {
    await model('east', 'x', 'SELECT 1 AS id');
    await model('west', 'y', 'SELECT * FROM east.x');
    const cycle = await server.request('PATCH', '/models/east/x', { sql: 'SELECT * FROM west.y' });
    assert.equal(cycle.status, 400);
    assert.equal(cycle.body.error_code, 'RL_MODEL_CYCLE');
    assert.match(cycle.body.detail, /east\.x → west\.y → east\.x/);
    assert.equal((await server.request('GET', '/models/east/x')).body.sql, 'SELECT 1 AS id');
    const created = await server.request('POST', '/models', { project_name: 'west', name: 'z', sql: 'SELECT * FROM west.z2' });
    assert.equal(created.status, 201);
    const closing = await server.request('POST', '/models', { project_name: 'west', name: 'z2', sql: 'SELECT * FROM z' });
    assert.equal(closing.status, 400, 'a new model that an existing one reads may not read it back');
    assert.match(closing.body.detail, /west\.z2 → west\.z → west\.z2|west\.z → west\.z2 → west\.z/);
  });
});
