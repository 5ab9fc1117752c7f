// prov-api registration through jobs, as provenaclient drives it: register, poll the job, read its result.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countRows } from '../helpers/counts.js';
import { buildProvenaWorld, type ProvenaWorld } from '../helpers/provena-fixtures.js';
import { awaitJob, awaitSuccess, bearer, call } from '../helpers/provena-jobs.js';
import { assertProvenaShape } from '../helpers/provena-schemas.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let world: ProvenaWorld;

before(async () => {
  server = await startTestServer();
  world = await buildProvenaWorld(server);
});
after(() => server.close());

const REGISTER = '/provena/prov/model_run/register';
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function jobCount(): Promise<number> {
  const row = await server.ctx.db.selectFrom('provena_jobs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('POST /model_run/register and the job API', () => {
  it('queues a lodge job whose result is the lodged run, seen by the registry views and lineage', async () => {
    const record = world.record();
    const res = await call(server, 'writer', 'POST', REGISTER, record);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assertProvenaShape(res.body, 'provenance-api', 'RegisterModelRunResponse');
    assert.equal(res.body.status.success, true);
    assert.match(res.body.session_id, UUID4);

    const job = await awaitSuccess(server, 'writer', res.body.session_id);
    assert.equal(job.job_type, 'PROV_LODGE');
    assert.equal(job.job_sub_type, 'MODEL_RUN_PROV_LODGE');
    assert.equal(job.username, 'api-key:test writer');
    assert.equal(job.gsi_status, 'ok');
    assert.equal(job.batch_id, null);
    assert.equal(job.info, null);
    assert.ok(Number.isInteger(job.created_timestamp) && Math.abs(job.created_timestamp - Date.now() / 1000) < 120);
    assert.deepEqual(job.payload.record, record);
    assert.equal(job.payload.revalidate, false);
    assertProvenaShape(job.result, 'async-job-api', 'ProvLodgeModelRunResult');
    const { id, prov_json, record: lodged } = job.result.record;
    assert.deepEqual(lodged, record);
    assert.ok(JSON.parse(prov_json), 'prov_json is a PROV-JSON string');

    const item = await server.request('GET', `/registry/model-runs/${id}`);
    assert.equal(item.status, 200);
    assert.deepEqual(item.body.record, record);
    assert.equal(item.body.prov_serialisation, prov_json);
    const up = await server.request('GET', `/explore/upstream?starting_id=${id}&depth=1`);
    assert.equal(up.status, 200);
    assert.ok(up.body.graph.nodes.some((n: { id: string }) => n.id === world.inputDataset), 'the run used its input');
  });

  it('accepts null optionals and unknown fields as pydantic does', async () => {
    const record = { ...world.record({ model_version: null, study_id: null, surplus: 'ignored' }) };
    record.inputs[0].resources = { config: 'run.yaml' };
    (record.associations as Record<string, unknown>).requesting_organisation_id = null;
    const res = await call(server, 'writer', 'POST', REGISTER, record);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const job = await awaitSuccess(server, 'writer', res.body.session_id);
    const lodged = job.result.record.record;
    assert.ok(!('surplus' in lodged) && !('study_id' in lodged) && !('model_version' in lodged), JSON.stringify(lodged));
    assert.ok(!('requesting_organisation_id' in lodged.associations));
  });

  it("refuses a bad reference with Provena's 400 before queueing anything", async () => {
    const rows = await countRows(server.ctx.db);
    const jobs = await jobCount();
    const cases: [Record<string, unknown>, string][] = [
      [
        world.record({ associations: { modeller_id: world.organisation } }),
        `Failed to validate an entity's ID in the record, error: Modeller with id ${world.organisation} was not a valid person, error: `,
      ],
      [
        world.record({ workflow_template_id: 'no-such-workflow' }),
        "Failed to validate an entity's ID in the record, error: Provided model run workflow definition with id no-such-workflow was not a valid id",
      ],
      [
        world.record({ annotations: {} }),
        "Failed to validate an entity's ID in the record, error: Missing required annotations with keys: (region)..",
      ],
      [
        world.record({ outputs: [] }),
        `Failed to validate an entity's ID in the record, error: The workflow definition expects dataset with template ID ${world.outputTemplate} but it was not present in the outputs..`,
      ],
    ];
    for (const [record, prefix] of cases) {
      const res = await call(server, 'writer', 'POST', REGISTER, record);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.ok(res.body.detail.startsWith(prefix), res.body.detail);
    }
    // A template the workflow does not declare: a raw 400, no prefix, and only after the coverage check.
    const foreign = world.record();
    foreign.inputs.push({ ...foreign.inputs[0], dataset_template_id: world.person });
    const raw = await call(server, 'writer', 'POST', REGISTER, foreign);
    assert.equal(raw.status, 400);
    assert.match(raw.body.detail, /^An input template in the payload \(id: .+\) does not exist in the workflow definition's list/);
    assert.deepEqual(await countRows(server.ctx.db), rows, 'nothing was stored');
    assert.equal(await jobCount(), jobs, 'no job was queued');
  });

  it('answers shape faults with 422 in pydantic form, the start-after-end rule last', async () => {
    const missing = world.record();
    delete missing.display_name;
    const a = await call(server, 'writer', 'POST', REGISTER, missing);
    assert.equal(a.status, 422);
    assert.deepEqual(a.body.detail, [{ loc: ['body', 'display_name'], msg: 'field required', type: 'value_error.missing' }]);

    const enumFault = world.record();
    enumFault.inputs[0].dataset_type = 'S3';
    const b = await call(server, 'writer', 'POST', REGISTER, enumFault);
    assert.equal(b.status, 422);
    assert.deepEqual(b.body.detail[0].loc, ['body', 'inputs', 0, 'dataset_type']);
    assert.equal(b.body.detail[0].type, 'type_error.enum');

    const c = await call(server, 'writer', 'POST', REGISTER, world.record({ start_time: 200, end_time: 100, description: '' }));
    assert.equal(c.status, 422);
    assert.deepEqual(c.body.detail, [
      { loc: ['body', 'description'], msg: 'string must not be empty', type: 'value_error' },
      {
        loc: ['body', '__root__'],
        msg: "The 'start_time' value (200) must be smaller than or equal to the 'end_time' value (100).",
        type: 'value_error',
      },
    ]);
    const equal = await call(server, 'writer', 'POST', REGISTER, world.record({ start_time: 100, end_time: 100 }));
    assert.equal(equal.status, 200, 'start == end is allowed');
    await awaitSuccess(server, 'writer', equal.body.session_id);

    const reader = await call(server, 'reader', 'POST', REGISTER, world.record());
    assert.equal(reader.status, 401, 'a reader may not register');
  });

  it('fetch: unknown session ids are 400 (the client polls on it), other users’ jobs 401', async () => {
    const unknown = await call(server, 'reader', 'GET', `/provena/jobs/jobs/user/fetch?session_id=${crypto.randomUUID()}`);
    assert.deepEqual([unknown.status, unknown.body], [400, { detail: 'Item was not found.' }]);
    const notUuid = await call(server, 'reader', 'GET', '/provena/jobs/jobs/user/fetch?session_id=nope');
    assert.deepEqual([notUuid.status, notUuid.body], [400, { detail: 'Item was not found.' }]);
    const mine = await call(server, 'writer', 'POST', REGISTER, world.record());
    const theirs = await call(server, 'reader', 'GET', `/provena/jobs/jobs/user/fetch?session_id=${mine.body.session_id}`);
    assert.deepEqual([theirs.status, theirs.body], [401, { detail: 'Not authorised to view this record.' }]);
    await awaitSuccess(server, 'writer', mine.body.session_id);
  });
});

describe('POST /model_run/register_batch and list_batch', () => {
  it('submits one job that queues a lodge job per record in a new batch; a bad record fails alone', async () => {
    const good = world.record({ display_name: 'batch good' });
    const bad = world.record({ display_name: 'batch bad', associations: { modeller_id: 'nobody' } });
    const runsBefore = (await countRows(server.ctx.db)).runs!;
    const res = await call(server, 'admin', 'POST', '/provena/prov/model_run/register_batch', { records: [good, bad, good] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assertProvenaShape(res.body, 'provenance-api', 'RegisterBatchModelRunResponse');
    const submit = await awaitSuccess(server, 'admin', res.body.session_id);
    assert.equal(submit.job_sub_type, 'MODEL_RUN_BATCH_SUBMIT');
    assert.equal(submit.info, 'Successfully distributed batch jobs to queue.');
    assertProvenaShape(submit.result, 'async-job-api', 'ProvLodgeBatchSubmitResult');
    const batchId = submit.result.batch_id;
    assert.match(batchId, UUID4);

    // The client's list_all_jobs_in_batch: pages of 2 until the key is null.
    const seen = [];
    let key: unknown;
    do {
      const page = await call(server, 'admin', 'POST', '/provena/jobs/jobs/user/list_batch', { batch_id: batchId, limit: 2, ...(key ? { pagination_key: key } : {}) });
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assertProvenaShape(page.body, 'async-job-api', 'ListByBatchResponse');
      assert.ok(page.body.jobs.length <= 2);
      seen.push(...page.body.jobs);
      key = page.body.pagination_key;
    } while (key);
    assert.equal(seen.length, 3);
    assert.ok(seen.every((j) => j.batch_id === batchId && j.job_sub_type === 'MODEL_RUN_PROV_LODGE' && j.payload.revalidate === true));
    const ended = await Promise.all(seen.map((j) => awaitJob(server, 'admin', j.session_id)));
    // Newest first: the last record's job heads the list.
    assert.deepEqual(ended.map((j) => j.payload.record.display_name).reverse(), ['batch good', 'batch bad', 'batch good']);
    const failed = ended.filter((j) => j.status === 'FAILED');
    assert.equal(failed.length, 1);
    assert.equal(failed[0].result, null);
    assert.ok(failed[0].info.startsWith("Failed to validate an entity's ID in the record, error: Modeller with id nobody was not a valid person"), failed[0].info);
    assert.equal((await countRows(server.ctx.db)).runs, runsBefore + 2, 'only the good records were lodged');

    const other = await call(server, 'writer', 'POST', '/provena/jobs/jobs/user/list_batch', { batch_id: batchId, limit: 10 });
    assert.deepEqual([other.status, other.body], [401, { detail: 'Batch contains items which you do not own. Not authorised.' }]);
    const unknown = await call(server, 'writer', 'POST', '/provena/jobs/jobs/user/list_batch', { batch_id: crypto.randomUUID(), limit: 10 });
    assert.deepEqual(unknown.body, { jobs: [], pagination_key: null });
  });

  it('ends an empty batch FAILED, as Provena does', async () => {
    const res = await call(server, 'admin', 'POST', '/provena/prov/model_run/register_batch', { records: [] });
    assert.equal(res.status, 200);
    const job = await awaitJob(server, 'admin', res.body.session_id);
    assert.equal(job.status, 'FAILED');
    assert.ok(job.info);
  });
});

describe('POST /jobs/user/list', () => {
  it("pages the caller's own jobs newest first, with an opaque key and a bounded page", async () => {
    const fresh = await startTestServer();
    try {
      const w = await buildProvenaWorld(fresh, 'list');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await call(fresh, 'writer', 'POST', REGISTER, w.record({ display_name: `r${i}` }))).body.session_id);
      await call(fresh, 'admin', 'POST', REGISTER, w.record());
      const pages: string[][] = [];
      let key: unknown;
      do {
        const res = await fresh.request('POST', '/provena/jobs/jobs/user/list', key ? { pagination_key: key, limit: 2 } : { limit: 2 }, bearer(fresh, 'writer'));
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assertProvenaShape(res.body, 'async-job-api', 'ListJobsResponse');
        pages.push(res.body.jobs.map((j: { session_id: string }) => j.session_id));
        key = res.body.pagination_key;
        assert.ok(key === null || typeof key === 'object');
      } while (key);
      assert.deepEqual(pages.map((p) => p.length), [2, 2, 1]);
      assert.deepEqual(pages.flat(), [...ids].reverse(), 'newest first, only the caller’s');

      // ListJobsRequest() as provenaclient serialises it: None left out, the default limit of 10 sent.
      const defaults = await call(fresh, 'writer', 'POST', '/provena/jobs/jobs/user/list', { limit: 10 });
      assert.equal(defaults.body.jobs.length, 5);
      assert.equal(defaults.body.pagination_key, null);
      const huge = await call(fresh, 'writer', 'POST', '/provena/jobs/jobs/user/list', { limit: 100000 });
      assert.equal(huge.status, 200);
      const forged = await call(fresh, 'writer', 'POST', '/provena/jobs/jobs/user/list', { pagination_key: { x: 1 }, limit: 10 });
      assert.equal(forged.status, 400);
      const zero = await call(fresh, 'writer', 'POST', '/provena/jobs/jobs/user/list', { limit: 0 });
      assert.equal(zero.status, 422);
    } finally {
      await fresh.close();
    }
  });
});
