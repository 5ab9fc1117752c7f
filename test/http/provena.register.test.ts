import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { qualifiedName } from '../../src/prov/document.js';
import { insertRegistryItem } from '../../src/store/registry.js';
import { countRows } from '../helpers/counts.js';
import { buildProvenaWorld, create, type ProvenaWorld } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let failNextLodge = false;
let server: TestServer;
let world: ProvenaWorld;

before(async () => {
  server = await startTestServer({
    racepoints: {
      afterRunInsert: () => {
        if (failNextLodge) {
          failNextLodge = false;
          throw new Error('injected fault after the run row was written');
        }
      },
    },
  });
  world = await buildProvenaWorld(server);
});
after(() => server.close());

async function expectRejected(record: unknown, detailPattern: RegExp) {
  const before = await countRows(server.ctx.db);
  const res = await server.request('POST', '/model_run/register_complete', record);
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  assert.equal(res.body.status, 400);
  assert.match(res.body.detail, detailPattern);
  assert.deepEqual(await countRows(server.ctx.db), before, 'a rejected record stored nothing');
}

describe('POST /model_run/register_complete', () => {
  it('lodges a valid record and serves it back with its PROV serialisation', async () => {
    const record = world.record();
    const res = await server.request('POST', '/model_run/register_complete', record);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status.success, true);
    const id = res.body.record_info.id;
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/, 'a time-ordered UUIDv7');
    assert.deepEqual(res.body.record_info.record, record);
    const prov = JSON.parse(res.body.record_info.prov_json);
    assert.ok(prov.activity[qualifiedName(id)], 'the run is an activity of its document');

    const item = await server.request('GET', `/registry/model-runs/${id}`);
    assert.equal(item.status, 200);
    assert.equal(item.body.record_status, 'LODGED');
    assert.deepEqual(item.body.record, record);
    assert.deepEqual(JSON.parse(item.body.prov_serialisation), prov);

    const list = await server.request('GET', '/registry/model-runs');
    assert.ok(list.body.data.some((r: { id: string }) => r.id === id));
  });

  it('answers lineage both ways from the lodged run', async () => {
    const res = await server.request('POST', '/model_run/register_complete', world.record({ display_name: 'Lineage run' }));
    const runId = res.body.record_info.id;

    const up = await server.request('GET', `/explore/upstream?starting_id=${world.outputDataset}&depth=2`);
    assert.equal(up.status, 200);
    const upIds = new Set(up.body.graph.nodes.map((n: { id: string }) => n.id));
    for (const id of [world.outputDataset, runId, world.inputDataset, world.model, world.workflow, world.person, world.organisation, world.study]) {
      assert.ok(upIds.has(id), `upstream of the output reaches ${id}`);
    }
    assert.equal(up.body.record_count, up.body.graph.nodes.length);
    assert.ok(
      up.body.graph.links.some((l: any) => l.source === world.outputDataset && l.target === runId && l.type === 'wasGeneratedBy'),
    );
    const runNode = up.body.graph.nodes.find((n: { id: string }) => n.id === runId);
    assert.deepEqual([runNode.item_category, runNode.item_subtype], ['ACTIVITY', 'MODEL_RUN']);

    const down = await server.request('GET', `/explore/downstream?starting_id=${world.inputDataset}&depth=2`);
    const downIds = new Set(down.body.graph.nodes.map((n: { id: string }) => n.id));
    assert.ok(downIds.has(runId) && downIds.has(world.outputDataset));
    assert.ok(!downIds.has(world.person), 'the modeller is not downstream of an input');

    const depthOne = await server.request('GET', `/explore/downstream?starting_id=${world.inputDataset}&depth=1`);
    const depthOneIds = new Set(depthOne.body.graph.nodes.map((n: { id: string }) => n.id));
    assert.ok(depthOneIds.has(runId) && !depthOneIds.has(world.outputDataset), 'depth counts edges');
  });

  it('rolls everything back when the lodge fails after the record insert', async () => {
    const before = await countRows(server.ctx.db);
    failNextLodge = true;
    const res = await server.request('POST', '/model_run/register_complete', world.record());
    assert.equal(res.status, 500);
    assert.equal(res.body.error_code, 'RL_INTERNAL');
    assert.doesNotMatch(JSON.stringify(res.body), /injected fault/, 'no internals leak');
    assert.deepEqual(await countRows(server.ctx.db), before);
  });
});

describe('register_complete validation, in Provena order', () => {
  const missing = '00000000-0000-7000-8000-000000000000';
  const cases: [string, () => Record<string, unknown>, RegExp][] = [
    ['start_time after end_time', () => world.record({ start_time: 10, end_time: 5 }), /start_time/],
    ['empty display_name', () => world.record({ display_name: '' }), /display_name/],
    ['empty description', () => world.record({ description: '' }), /description/],
    ['negative time', () => world.record({ start_time: -1 }), /start_time/],
    ['time past year 9999', () => world.record({ start_time: 9e12, end_time: 9e12 }), /start_time/],
    ['NUL in a string', () => world.record({ description: 'a\u0000b' }), /body\.description contains a NUL/],
    ['unknown field', () => world.record({ colour: 'red' }), /colour/],
    ['unknown study', () => world.record({ study_id: missing }), /study_id/],
    ['study id of another kind', () => world.record({ study_id: world.person }), /study_id.*persons/],
    ['unknown workflow template', () => world.record({ workflow_template_id: missing }), /workflow_template_id/],
    [
      'unknown dataset template',
      () => world.record({ outputs: [{ dataset_template_id: missing, dataset_id: world.outputDataset, dataset_type: 'DATA_STORE' }] }),
      /outputs\[0\]\.dataset_template_id/,
    ],
    ['required input template not covered', () => world.record({ inputs: [] }), /required template/],
    [
      'dataset for a template the workflow lacks',
      () => world.record({ outputs: [{ dataset_template_id: world.inputTemplate, dataset_id: world.outputDataset, dataset_type: 'DATA_STORE' }] }),
      /not a template of the workflow/,
    ],
    [
      'unknown dataset',
      () => world.record({ outputs: [{ dataset_template_id: world.outputTemplate, dataset_id: missing, dataset_type: 'DATA_STORE' }] }),
      /outputs\[0\]\.dataset_id/,
    ],
    [
      'missing required deferred resource key',
      () => world.record({ inputs: [{ dataset_template_id: world.inputTemplate, dataset_id: world.inputDataset, dataset_type: 'DATA_STORE' }] }),
      /missing required deferred resource key "config"/,
    ],
    [
      'unknown deferred resource key',
      () =>
        world.record({
          inputs: [{ dataset_template_id: world.inputTemplate, dataset_id: world.inputDataset, dataset_type: 'DATA_STORE', resources: { config: 'a', bogus: 'b' } }],
        }),
      /unknown deferred resource key "bogus"/,
    ],
    ['unknown modeller', () => world.record({ associations: { modeller_id: missing } }), /modeller_id/],
    ['modeller that is an organisation', () => world.record({ associations: { modeller_id: world.organisation } }), /modeller_id.*organisations/],
    [
      'unknown organisation',
      () => world.record({ associations: { modeller_id: world.person, requesting_organisation_id: missing } }),
      /requesting_organisation_id/,
    ],
    ['missing required annotation', () => world.record({ annotations: { note: 'x' } }), /annotations.*"region"/],
    ['bad dataset_type', () => world.record({ outputs: [{ dataset_template_id: world.outputTemplate, dataset_id: world.outputDataset, dataset_type: 'S3' }] }), /dataset_type/],
  ];
  for (const [name, build, detail] of cases) {
    it(`rejects ${name} with 400 and stores nothing`, () => expectRejected(build(), detail));
  }

  it('rejects a workflow whose model no longer resolves', async () => {
    // The API refuses such a template, so plant it directly to reach the model check.
    const id = '00000000-0000-7000-8000-00000000abcd';
    await server.ctx.db.transaction().execute((tx) =>
      insertRegistryItem(tx, {
        id,
        kind: 'workflow-templates',
        body: { display_name: 'orphan', software_id: missing, input_templates: [{ template_id: world.inputTemplate }], output_templates: [{ template_id: world.outputTemplate }] },
        createdBy: null,
        now: new Date(),
      }),
    );
    await expectRejected(world.record({ workflow_template_id: id }), /software_id/);
  });

  it('checks the study before the workflow template (Provena order)', async () => {
    await expectRejected(world.record({ study_id: missing, workflow_template_id: missing }), /study_id/);
  });

  it('accepts a record without the optional study, organisation and annotations', async () => {
    const other = await create(server, 'workflow-templates', {
      display_name: 'No annotations',
      software_id: world.model,
      input_templates: [{ template_id: world.inputTemplate, optional: true }],
      output_templates: [{ template_id: world.outputTemplate }],
    });
    const record = world.record({ workflow_template_id: other, inputs: [], associations: { modeller_id: world.person } });
    delete record.study_id;
    delete record.annotations;
    const res = await server.request('POST', '/model_run/register_complete', record);
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });
});
