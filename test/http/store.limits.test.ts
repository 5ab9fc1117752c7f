// One valid but very large request must fail alone (or succeed), never leave the store unable to serve the
// next request. A statement with more bind parameters than PGlite handles (32,767) used to desynchronise
// its one connection, after which every authenticated request answered 401 until a restart.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { runBody, stepRun } from '../helpers/gentrace-bodies.js';
import { buildProvenaWorld, type ProvenaWorld } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let world: ProvenaWorld;

async function assertStillServes() {
  const res = await server.requestAs('reader', 'GET', `/registry/persons/${world.person}`);
  assert.equal(res.status, 200, `an ordinary request after the large one: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.id, world.person);
}

describe('requests larger than one statement can carry', () => {
  before(async () => {
    server = await startTestServer();
    world = await buildProvenaWorld(server);
  });
  after(() => server?.close());

  for (const count of [20_000, 40_000]) {
    it(`refuses a record naming ${count} unknown datasets with 400, and keeps serving`, async () => {
      const inputs = Array.from({ length: count }, () => ({ dataset_template_id: world.inputTemplate, dataset_id: randomUUID(), dataset_type: 'DATA_STORE' }));
      const res = await server.requestAs('writer', 'POST', '/model_run/register_complete', world.record({ inputs }));
      assert.equal(res.status, 400, JSON.stringify(res.body).slice(0, 500));
      assert.match(res.body.detail, /inputs/);
      assert.equal((await server.request('GET', '/model-runs?kind=registered')).body.data.length, 0, 'nothing was lodged');
      await assertStillServes();
    });
  }

  it('lodges one Gentrace run of 1,000 step runs with distinct content, and keeps serving', async () => {
    const steps = Array.from({ length: 1000 }, (_, i) =>
      stepRun(i, { inputs: { prompt: `question ${i} ${randomUUID()}` }, outputs: { value: `answer ${i} ${randomUUID()}` } }),
    );
    const body = runBody({ stepRuns: steps });
    const res = await server.requestAs('writer', 'POST', '/api/v1/run', body);
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 500));
    const runId = res.body.pipelineRunId as string;
    let stepCount = 0;
    let token: string | undefined;
    do {
      const page = await server.request('GET', `/model-runs/${runId}/steps?max_results=1000${token ? `&page_token=${token}` : ''}`);
      assert.equal(page.status, 200);
      stepCount += page.body.data.length;
      token = page.body.next_page_token;
    } while (token);
    assert.equal(stepCount, 1000);
    // Each step is an activity started by the run, all of them in the lineage graph.
    const downstream = await server.request('GET', `/explore/downstream?starting_id=${runId}&depth=1`);
    assert.equal(downstream.status, 200);
    const started = downstream.body.graph.links.filter((l: { target: string; type?: string; relation?: string }) => l.target === runId);
    assert.equal(started.length, 1000, 'one edge from each step to its run');
    await assertStillServes();
  });
});
