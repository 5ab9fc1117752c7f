import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildProvenaWorld, create, type ProvenaWorld } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let world: ProvenaWorld;
before(async () => {
  server = await startTestServer();
  world = await buildProvenaWorld(server);
});
after(() => server.close());

async function lodge(inputs: string[], output: string, name: string, on = server, w = world): Promise<string> {
  const io = (id: string, template: string) => ({
    dataset_template_id: template,
    dataset_id: id,
    dataset_type: 'DATA_STORE',
    ...(template === w.inputTemplate ? { resources: { config: 'c' } } : {}),
  });
  const res = await on.request(
    'POST',
    '/model_run/register_complete',
    w.record({ display_name: name, inputs: inputs.map((i) => io(i, w.inputTemplate)), outputs: [io(output, w.outputTemplate)] }),
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.record_info.id;
}

const dataset = (name: string, on = server) => create(on, 'datasets', { display_name: name });
const ids = (body: any): string[] => body.graph.nodes.map((n: { id: string }) => n.id);

describe('/explore', () => {
  it('returns each node and edge once on a diamond', async () => {
    // d0 feeds r1 → d1 and r2 → d2; r3 uses d1 and d2 → d3. Two paths lead from d3 back to d0.
    const [d0, d1, d2, d3] = await Promise.all(['d0', 'd1', 'd2', 'd3'].map((n) => dataset(n)));
    const r1 = await lodge([d0!], d1!, 'r1');
    const r2 = await lodge([d0!], d2!, 'r2');
    const r3 = await lodge([d1!, d2!], d3!, 'r3');

    const res = await server.request('GET', `/explore/upstream?starting_id=${d3}&depth=4`);
    assert.equal(res.status, 200);
    const nodes = ids(res.body);
    assert.equal(new Set(nodes).size, nodes.length, 'no node twice');
    for (const id of [d3, r3, d1, d2, r1, r2, d0]) assert.ok(nodes.includes(id!), `reaches ${id}`);
    const links = res.body.graph.links.map((l: any) => `${l.source}|${l.target}|${l.type}`);
    assert.equal(new Set(links).size, links.length, 'no edge twice');
    assert.equal(links.filter((l: string) => l === `${r1}|${d0}|used`).length, 1);

    const down = await server.request('GET', `/explore/downstream?starting_id=${d0}&depth=4`);
    for (const id of [r1, r2, d1, d2, r3, d3]) assert.ok(ids(down.body).includes(id!));

    // Special queries answer the union of the matching paths: start, runs between, datasets reached, and links.
    const contributing = await server.request('GET', `/explore/special/contributing_datasets?starting_id=${d3}`);
    assert.deepEqual(new Set(ids(contributing.body)), new Set([d3, r3, d1, d2, r1, r2, d0]));
    assert.equal(contributing.body.graph.links.length, 7, 'd3→r3, r3→d1, r3→d2, d1→r1, d2→r2, r1→d0, r2→d0');
    assert.equal(contributing.body.status.details, 'Made upstream contribution query (with depth 4) to neo4j backend.');
    const effected = await server.request('GET', `/explore/special/effected_datasets?starting_id=${d0}`);
    assert.deepEqual(new Set(ids(effected.body)), new Set([d0, r1, r2, d1, d2, r3, d3]));
    const agentsOf = (body: any) => new Set(body.graph.nodes.filter((n: any) => n.item_category === 'AGENT').map((n: any) => n.id));
    const agents = await server.request('GET', `/explore/special/contributing_agents?starting_id=${d3}`);
    assert.deepEqual(agentsOf(agents.body), new Set([world.person, world.organisation]));
    // Who lodged the runs is no node of their lineage.
    const effectedAgents = await server.request('GET', `/explore/special/effected_agents?starting_id=${d0}`);
    assert.deepEqual(agentsOf(effectedAgents.body), new Set([world.person, world.organisation]));
    for (const body of [contributing.body, effected.body, agents.body, effectedAgents.body]) {
      const nodes = new Set(ids(body));
      for (const l of body.graph.links) assert.ok(nodes.has(l.source) && nodes.has(l.target), 'links join returned nodes');
    }
  });

  it('refuses depth beyond 10 and below 1, and unknown starting ids', async () => {
    for (const depth of [11, 0, -3]) {
      const res = await server.request('GET', `/explore/upstream?starting_id=${world.inputDataset}&depth=${depth}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.error_code, 'RL_DEPTH_OUT_OF_RANGE');
      assert.match(res.body.detail, /depth/);
    }
    const ten = await server.request('GET', `/explore/upstream?starting_id=${world.inputDataset}&depth=10`);
    assert.equal(ten.status, 200);
    const nul = await server.request('GET', '/explore/downstream?starting_id=a%00b');
    assert.equal(nul.status, 400);
    assert.match(nul.body.detail, /query\.starting_id/);
    const unknown = await server.request('GET', '/explore/downstream?starting_id=does-not-exist');
    assert.equal(unknown.status, 404);
    const missingParam = await server.request('GET', '/explore/downstream');
    assert.equal(missingParam.status, 400);
    assert.match(missingParam.body.detail, /starting_id/);
  });

  it('caps the graph and says so', async () => {
    // One input feeding many runs: its downstream fans out past a node cap of 12.
    const capped = await startTestServer({ env: { RUNLEDGER_LINEAGE_NODE_CAP: '12' } });
    const w = await buildProvenaWorld(capped);
    const source = await dataset('hub', capped);
    for (let i = 0; i < 8; i++) await lodge([source], await dataset(`out ${i}`, capped), `fan ${i}`, capped, w);
    const res = await capped.request('GET', `/explore/downstream?starting_id=${source}&depth=2`);
    await capped.close();
    assert.equal(res.status, 200);
    assert.equal(res.body.truncated, true);
    assert.equal(res.body.node_cap, 12);
    assert.equal(res.body.graph.nodes.length, 12);
    const kept = new Set(ids(res.body));
    for (const link of res.body.graph.links) assert.ok(kept.has(link.source) && kept.has(link.target), 'links stay inside the kept nodes');
  });
});
