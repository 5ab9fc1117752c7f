// POST /model-runs/batch: each record lodged whole or refused alone, the answer per record, retries safe.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countRows } from '../helpers/counts.js';
import { buildProvenaWorld, create, type ProvenaWorld } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let failNextLodge = false;
let hold: Promise<void> | undefined;
let held: (() => void) | undefined;
let server: TestServer;
let world: ProvenaWorld;

before(async () => {
  server = await startTestServer({
    racepoints: {
      afterRunInsert: async () => {
        if (held) {
          const wait = hold;
          held();
          held = undefined;
          await wait;
        }
        if (failNextLodge) {
          failNextLodge = false;
          throw new Error('injected fault after the runs were written');
        }
      },
    },
  });
  world = await buildProvenaWorld(server, 'batch');
});
after(() => server.close());

const batch = (records: unknown[]) => server.request('POST', '/model-runs/batch', { records });
const keyed = (prefix: string, records: unknown[]) => records.map((record, i) => ({ key: `${prefix}-${i}`, record }));

describe('POST /model-runs/batch', () => {
  it('lodges the valid records, each with its PROV document and lineage, and refuses the others alone', async () => {
    const before = await countRows(server.ctx.db);
    const good = [world.record({ display_name: 'batch good 0' }), world.record({ display_name: 'batch good 1' })];
    const { display_name: _dropped, ...unnamed } = world.record();
    const unknownDataset = world.record({
      inputs: [{ dataset_template_id: world.inputTemplate, dataset_id: '0190b1a2-0000-7000-8000-000000000000', dataset_type: 'DATA_STORE', resources: { config: 'a' } }],
    });
    const badTimes = world.record({ start_time: 10, end_time: 5 });
    const res = await batch(keyed('mixed', [good[0], unnamed, unknownDataset, good[1], badTimes]));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.lodged, res.body.existing, res.body.refused], [2, 0, 3]);
    assert.deepEqual(res.body.results.map((r: any) => r.status), ['lodged', 'refused', 'refused', 'lodged', 'refused']);
    assert.deepEqual(res.body.results.map((r: any) => r.index), [0, 1, 2, 3, 4]);

    const shape = res.body.results[1].error;
    assert.equal(shape.error_code, 'RL_VALIDATION');
    assert.equal(shape.field, 'display_name');
    assert.match(shape.detail, /display_name is required/);
    assert.equal(res.body.results[2].error.error_code, 'RL_RECORD_INVALID');
    assert.match(res.body.results[2].error.detail, /inputs\[0\]\.dataset_id .* does not exist/);
    assert.match(res.body.results[4].error.detail, /start_time \(10\) is after end_time \(5\)/);

    for (const [i, result] of [[0, res.body.results[0]], [1, res.body.results[3]]] as const) {
      const item = await server.request('GET', `/registry/model-runs/${result.id}`);
      assert.equal(item.status, 200);
      assert.deepEqual(item.body.record, good[i]);
      const prov = JSON.parse(item.body.prov_serialisation);
      assert.ok(prov.activity[`uuid:${result.id}`], 'the run is an activity of its document');
      const down = await server.request('GET', `/explore/downstream?starting_id=${world.inputDataset}&depth=1`);
      assert.ok(down.body.graph.nodes.some((n: any) => n.id === result.id), 'the input fed the run');
      const up = await server.request('GET', `/explore/upstream?starting_id=${result.id}&depth=1`);
      assert.ok(up.body.graph.nodes.some((n: any) => n.id === world.inputDataset), 'the run used its input');
    }
    const after = await countRows(server.ctx.db);
    assert.equal(after.runs! - before.runs!, 2, 'refused records stored nothing');
    assert.equal(after.run_idempotency_keys! - before.run_idempotency_keys!, 2);
    assert.ok(after.lineage_edge_records! > before.lineage_edge_records!, 'the lodged runs assert their edges');
  });

  it('answers a batch sent again with the runs it made, lodging nothing twice', async () => {
    const records = keyed('again', [world.record({ display_name: 'again 0' }), world.record({ display_name: 'again 1' })]);
    const first = await batch(records);
    assert.equal(first.body.lodged, 2);
    const before = await countRows(server.ctx.db);
    const second = await batch(records);
    assert.equal(second.status, 200);
    assert.deepEqual(second.body.results.map((r: any) => [r.status, r.id]), first.body.results.map((r: any) => ['existing', r.id]));
    assert.deepEqual(await countRows(server.ctx.db), before);

    const other = await batch([{ key: 'again-0', record: world.record({ display_name: 'not the same record' }) }]);
    assert.equal(other.body.results[0].status, 'refused');
    assert.equal(other.body.results[0].error.error_code, 'RL_CONFLICT');
    assert.equal(other.body.results[0].error.field, 'key');
    assert.deepEqual(await countRows(server.ctx.db), before);
  });

  it('keeps one caller’s keys apart from another’s', async () => {
    const records = keyed('callers', [world.record({ display_name: 'callers' })]);
    const admin = await batch(records);
    const writer = await server.requestAs('writer', 'POST', '/model-runs/batch', { records });
    assert.equal(admin.body.results[0].status, 'lodged');
    assert.equal(writer.body.results[0].status, 'lodged');
    assert.notEqual(admin.body.results[0].id, writer.body.results[0].id);
  });

  it('lodges nothing of a batch whose transaction fails, and the retry lodges it all', async () => {
    const records = keyed('fault', [world.record({ display_name: 'fault 0' }), world.record({ display_name: 'fault 1' })]);
    const before = await countRows(server.ctx.db);
    failNextLodge = true;
    const failed = await batch(records);
    assert.equal(failed.status, 500);
    assert.deepEqual(await countRows(server.ctx.db), before, 'no run, node, edge or key of the batch stayed');
    const retried = await batch(records);
    assert.deepEqual(retried.body.results.map((r: any) => r.status), ['lodged', 'lodged']);
  });

  it('lodges each key once when two batches with the same keys race', async () => {
    const records = keyed('race', [0, 1, 2].map((n) => world.record({ display_name: `race ${n}` })));
    // The first batch stops inside its transaction, its keys claimed and its runs written.
    let release!: () => void;
    hold = new Promise<void>((resolve) => (release = resolve));
    const reached = new Promise<void>((resolve) => (held = resolve));
    const first = batch(records);
    await reached;
    const second = batch(records);
    release();
    const answers = await Promise.all([first, second]);
    for (let i = 0; i < records.length; i++) {
      const pair = answers.map((a) => a.body.results[i]);
      assert.deepEqual(pair.map((r) => r.status).sort(), ['existing', 'lodged'], JSON.stringify(pair));
      assert.equal(pair[0].id, pair[1].id);
    }
    const named = await server.request('GET', '/model-runs?q=race&kind=registered');
    assert.equal(named.body.data.length, 3);
  });

  it('lodges a full batch whose rows exceed one statement’s parameters', async () => {
    const datasets = await Promise.all(Array.from({ length: 20 }, (_, i) => create(server, 'datasets', { display_name: `wide ${i}` })));
    const inputs = datasets.map((id) => ({ dataset_template_id: world.inputTemplate, dataset_id: id, dataset_type: 'DATA_STORE', resources: { config: 'c' } }));
    const records = keyed('wide', Array.from({ length: 500 }, (_, n) => world.record({ display_name: `wide ${n}`, inputs })));
    const before = await countRows(server.ctx.db);
    const res = await batch(records);
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 500));
    assert.equal(res.body.lodged, 500);
    const after = await countRows(server.ctx.db);
    assert.equal(after.runs! - before.runs!, 500);
    assert.ok(after.lineage_edge_records! - before.lineage_edge_records! > 500 * 20, 'more edges than one statement could carry');
  });

  it('refuses a batch that is not one, naming what is wrong and changing nothing', async () => {
    const before = await countRows(server.ctx.db);
    const cases: [unknown, number, RegExp][] = [
      [{ records: [] }, 400, /records must NOT have fewer than 1 items/],
      [{ records: Array.from({ length: 501 }, () => ({ record: {} })) }, 400, /records must NOT have more than 500 items/],
      [{ records: [{ record: 'x' }] }, 400, /records\[0\]\.record must be object/],
      [{ records: [{ key: '', record: {} }] }, 400, /records\[0\]\.key/],
      [{ records: [{ key: 'k', record: world.record() }, { key: 'k', record: world.record() }] }, 400, /records\[1\]\.key repeats records\[0\]\.key/],
      [{ rows: [] }, 400, /records is required/],
    ];
    for (const [body, status, detail] of cases) {
      const res = await server.request('POST', '/model-runs/batch', body);
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.match(res.body.detail, detail);
    }
    assert.deepEqual(await countRows(server.ctx.db), before);
  });

  it('needs a writer', async () => {
    const body = { records: [{ record: world.record() }] };
    assert.equal((await server.requestAs('anonymous', 'POST', '/model-runs/batch', body)).status, 401);
    assert.equal((await server.requestAs('reader', 'POST', '/model-runs/batch', body)).status, 403);
  });
});
