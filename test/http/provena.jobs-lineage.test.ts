// Update, link to a study and delete: a run's lineage follows its record, and edges other records also
// assert stay, as Provena's record_ids on each link keep them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildProvenaWorld, create, type ProvenaWorld } from '../helpers/provena-fixtures.js';
import { awaitJob, awaitSuccess, call } from '../helpers/provena-jobs.js';
import { assertProvenaShape } from '../helpers/provena-schemas.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let world: ProvenaWorld;

before(async () => {
  server = await startTestServer();
  world = await buildProvenaWorld(server);
});
after(() => server.close());

type Edge = { source: string; target: string; relation: string };
const key = (e: Edge) => `${e.source}|${e.target}|${e.relation}`;

async function edges(): Promise<Set<string>> {
  const rows = await server.ctx.db.selectFrom('lineage_edges').select(['source', 'target', 'relation']).execute();
  return new Set(rows.map(key));
}

async function register(record: Record<string, unknown>): Promise<string> {
  const res = await call(server, 'writer', 'POST', '/provena/prov/model_run/register', record);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (await awaitSuccess(server, 'writer', res.body.session_id)).result.record.id;
}

const dataset = (name: string) => create(server, 'datasets', { display_name: name, description: name, publisher_id: world.organisation });
const output = (id: string) => [{ dataset_template_id: world.outputTemplate, dataset_id: id, dataset_type: 'DATA_STORE' }];

describe('POST /model_run/update', () => {
  it('keeps the id, replaces the record, keeps the history and moves the lineage', async () => {
    const only = await dataset('only the first run made this');
    const next = await dataset('the update names this');
    const first = await register(world.record({ outputs: output(only) }));
    const other = await register(world.record({ display_name: 'other run' }));

    const before = await edges();
    assert.ok(before.has(key({ source: only, target: world.person, relation: 'wasAttributedTo' })));
    assert.ok(before.has(key({ source: first, target: world.study, relation: 'wasInformedBy' })));

    const updated = world.record({ outputs: output(next), study_id: undefined, display_name: 'updated run' });
    delete updated.study_id;
    const res = await call(server, 'writer', 'POST', '/provena/prov/model_run/update', { model_run_id: first, reason: 'wrong output', record: updated });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assertProvenaShape(res.body, 'provenance-api', 'PostUpdateModelRunResponse');
    assert.deepEqual(Object.keys(res.body), ['session_id']);
    const job = await awaitSuccess(server, 'writer', res.body.session_id);
    assert.equal(job.job_sub_type, 'MODEL_RUN_UPDATE');
    assertProvenaShape(job.result, 'async-job-api', 'ProvLodgeUpdateResult');
    assert.equal(job.result.record.id, first, 'the run keeps its id');
    assert.deepEqual(job.result.record.record, updated);

    const after = await edges();
    for (const gone of [
      { source: first, target: world.study, relation: 'wasInformedBy' },
      { source: only, target: first, relation: 'wasGeneratedBy' },
      { source: only, target: world.person, relation: 'wasAttributedTo' },
      { source: only, target: world.outputTemplate, relation: 'wasInfluencedBy' },
    ]) {
      assert.ok(!after.has(key(gone)), `removed: ${key(gone)}`);
    }
    for (const kept of [
      { source: world.outputDataset, target: world.person, relation: 'wasAttributedTo' }, // the other run's
      { source: other, target: world.study, relation: 'wasInformedBy' },
      { source: world.workflow, target: world.model, relation: 'hadMember' },
      { source: first, target: world.inputDataset, relation: 'used' },
    ]) {
      assert.ok(after.has(key(kept)), `kept: ${key(kept)}`);
    }
    assert.ok(after.has(key({ source: next, target: first, relation: 'wasGeneratedBy' })), 'the new output is the run’s');

    const item = await server.request('GET', `/registry/model-runs/${first}`);
    assert.equal(item.body.display_name, 'updated run');
    assert.deepEqual(item.body.record, updated);
    const history = await server.ctx.db.selectFrom('model_run_record_history').selectAll().where('run_id', '=', first).execute();
    assert.equal(history.length, 1);
    assert.equal(history[0]!.reason, 'wrong output');
    assert.equal((history[0]!.record as { outputs: { dataset_id: string }[] }).outputs[0]!.dataset_id, only);
  });

  it('checks the record at once (400) and the run id in the job (FAILED, nothing changed)', async () => {
    const bad = await call(server, 'writer', 'POST', '/provena/prov/model_run/update', {
      model_run_id: crypto.randomUUID(),
      reason: 'r',
      record: world.record({ associations: { modeller_id: 'ghost' } }),
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.detail, /^Failed to validate an entity's ID in the record, error: Modeller with id ghost/);

    const shape = await call(server, 'writer', 'POST', '/provena/prov/model_run/update', { model_run_id: 'x', reason: 'r', record: world.record({ start_time: 5, end_time: 1 }) });
    assert.equal(shape.status, 422);
    assert.deepEqual(shape.body.detail[0].loc, ['body', 'record', '__root__']);

    const before = await edges();
    const res = await call(server, 'writer', 'POST', '/provena/prov/model_run/update', { model_run_id: crypto.randomUUID(), reason: 'r', record: world.record() });
    assert.equal(res.status, 200);
    const job = await awaitJob(server, 'writer', res.body.session_id);
    assert.equal(job.status, 'FAILED');
    assert.match(job.info, /^Job failed, err: An error occurred while lodging the provenance record\. Error: /);
    assert.deepEqual(await edges(), before);
  });
});

describe('POST /model_run/edit/link_to_study', () => {
  it('links a run without a study, re-lodges it, and refuses a second link', async () => {
    const record = world.record();
    delete record.study_id;
    const run = await register(record);
    const url = (runId: string, studyId: string) => `/provena/prov/model_run/edit/link_to_study?model_run_id=${runId}&study_id=${studyId}`;
    const res = await call(server, 'writer', 'POST', url(run, world.study));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assertProvenaShape(res.body, 'provenance-api', 'AddStudyLinkResponse');
    assert.equal(res.body.model_run_id, run);
    assert.equal(res.body.study_id, world.study);
    const job = await awaitSuccess(server, 'writer', res.body.session_id);
    assert.equal(job.job_sub_type, 'MODEL_RUN_LODGE_ONLY');
    assert.equal(job.result.record.record.study_id, world.study);
    assert.ok((await edges()).has(key({ source: run, target: world.study, relation: 'wasInformedBy' })));
    assert.equal((await server.request('GET', `/registry/model-runs/${run}`)).body.record.study_id, world.study);

    const again = await call(server, 'writer', 'POST', url(run, world.study));
    assert.deepEqual([again.status, again.body.detail], [400, `ModelRun ${run} already linked to a study. Study ID: ${world.study}. Cannot link to another study.`]);
    const noStudy = await call(server, 'writer', 'POST', url(run, world.person));
    assert.equal(noStudy.status, 400);
    assert.match(noStudy.body.detail, new RegExp(`^Item ${world.person} failed validation: `));
    const noRun = await call(server, 'writer', 'POST', url('not-a-run', world.study));
    assert.equal(noRun.status, 400);
    assert.match(noRun.body.detail, /^Item not-a-run failed validation: /);
  });
});

describe('POST /model_run/delete', () => {
  it('answers the diff in trial mode without change, then removes the run’s own edges and node', async () => {
    const only = await dataset('only the deleted run made this');
    const doomed = await register(world.record({ outputs: output(only) }));
    const survivor = await register(world.record({ display_name: 'survivor' }));

    const reader = await call(server, 'writer', 'POST', '/provena/prov/model_run/delete', { record_id: doomed, trial_mode: false });
    assert.equal(reader.status, 401, 'admin only');
    const unknown = await call(server, 'admin', 'POST', '/provena/prov/model_run/delete', { record_id: crypto.randomUUID(), trial_mode: false });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.detail, /^Exception: could not delete model run as error occurred when fetching the record from the registry: /);

    const before = await edges();
    const trial = await call(server, 'admin', 'POST', '/provena/prov/model_run/delete', { record_id: doomed, trial_mode: true });
    assert.equal(trial.status, 200, JSON.stringify(trial.body));
    assertProvenaShape(trial.body, 'provenance-api', 'PostDeleteGraphResponse');
    assert.deepEqual(await edges(), before, 'trial mode changes nothing');

    const count = (type: string) => trial.body.diff.filter((a: { action_type: string }) => a.action_type === type).length;
    const removedLinks = trial.body.diff.filter((a: { action_type: string }) => a.action_type === 'REMOVE_LINK').map((a: { link: { source: { id: string }; target: { id: string }; relation: string } }) =>
      key({ source: a.link.source.id, target: a.link.target.id, relation: a.link.relation }),
    );
    assert.ok(removedLinks.includes(key({ source: only, target: world.person, relation: 'wasAttributedTo' })));
    assert.ok(removedLinks.includes(key({ source: doomed, target: world.inputDataset, relation: 'used' })));
    const shared = trial.body.diff.find((a: { action_type: string; link?: { relation: string; source: { id: string }; target: { id: string } } }) =>
      a.action_type === 'REMOVE_RECORD_ID_FROM_LINK' && a.link!.source.id === world.workflow && a.link!.target.id === world.model,
    );
    assert.ok(shared, 'workflow→model is the survivor’s too');
    assert.ok(shared.link.props.record_ids.includes(survivor));
    assert.equal(count('REMOVE_NODE'), 1);
    const types = trial.body.diff.map((a: { action_type: string }) => a.action_type);
    const order = ['REMOVE_RECORD_ID_FROM_LINK', 'REMOVE_LINK', 'REMOVE_RECORD_ID_FROM_NODE', 'REMOVE_NODE'];
    assert.deepEqual(types, [...types].sort((a: string, b: string) => order.indexOf(a) - order.indexOf(b)), 'Provena’s order');

    const real = await call(server, 'admin', 'POST', '/provena/prov/model_run/delete', { record_id: doomed, trial_mode: false });
    assert.equal(real.status, 200);
    assert.deepEqual(real.body, trial.body, 'the diff applied is the diff trialled');
    const after = await edges();
    assert.equal(before.size - after.size, count('REMOVE_LINK'), 'exactly the links only it asserted left');
    for (const k of removedLinks) assert.ok(!after.has(k));
    assert.ok(after.has(key({ source: world.workflow, target: world.model, relation: 'hadMember' })));
    assert.ok(after.has(key({ source: survivor, target: world.inputDataset, relation: 'used' })));
    const node = await server.ctx.db.selectFrom('lineage_nodes').select('id').where('id', '=', doomed).executeTakeFirst();
    assert.equal(node, undefined, 'the run’s node is gone');

    const twice = await call(server, 'admin', 'POST', '/provena/prov/model_run/delete', { record_id: doomed, trial_mode: false });
    assert.deepEqual(twice.body, { diff: [] }, 'nothing is left to remove');
  });

  it('keeps register_complete’s runs deletable: their edges are attributed too', async () => {
    const res = await server.request('POST', '/model_run/register_complete', world.record({ display_name: 'complete' }));
    assert.equal(res.status, 200);
    const id = res.body.record_info.id;
    const rows = await server.ctx.db.selectFrom('lineage_edge_records').select('relation').where('record_id', '=', id).execute();
    assert.ok(rows.length > 5);
    const del = await call(server, 'admin', 'POST', '/provena/prov/model_run/delete', { record_id: id, trial_mode: false });
    assert.equal(del.status, 200);
    assert.ok(del.body.diff.length > 0);
  });
});
