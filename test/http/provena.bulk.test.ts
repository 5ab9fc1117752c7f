// prov-api's bulk CSV routes, driven as provenaclient drives them: the template it downloads, the filled-in
// file it uploads (multipart, as httpx encodes it) and the records it gets back, which must then lodge.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { insertJobs } from '../../src/store/provena-jobs.js';
import { insertRegistryItem } from '../../src/store/registry.js';
import { buildProvenaWorld, create, type ProvenaWorld } from '../helpers/provena-fixtures.js';
import { awaitJob, awaitSuccess, bearer, call } from '../helpers/provena-jobs.js';
import { assertProvenaShape } from '../helpers/provena-schemas.js';
import { startTestServer, type Reply, type TestServer } from '../helpers/server.js';

const BASE = '/provena/prov';
const BODY_LIMIT = 256 * 1024;

let server: TestServer;
let world: ProvenaWorld;
/** An output template with a deferred resource, its title holding a comma so the header must be quoted. */
let outputTemplate: string;
let workflow: string;

before(async () => {
  server = await startTestServer({ env: { RUNLEDGER_BODY_LIMIT: String(BODY_LIMIT) } });
  world = await buildProvenaWorld(server, 'bulk');
  outputTemplate = await create(server, 'dataset-templates', {
    display_name: 'Flows, daily',
    defined_resources: [],
    deferred_resources: [{ key: 'summary', description: 'summary table', usage_type: 'GENERAL_DATA' }],
  });
  workflow = await create(server, 'workflow-templates', {
    display_name: 'Bulk workflow',
    software_id: world.model,
    input_templates: [{ template_id: world.inputTemplate }],
    output_templates: [{ template_id: outputTemplate }],
    annotations: { required: ['region'], optional: ['note'] },
  });
});
after(() => server.close());

/** The headers Provena's template_helpers.py compiles for `workflow`, written out by hand from its source. */
function expectedHeaders(): string[] {
  return [
    `_workflow template id ${workflow}`,
    'display name',
    'description',
    'model version (optional)',
    'agent id',
    'study id',
    'execution start time (YYYY-MM-DD HH:MM:SS+HH:MM)',
    'execution end time (YYYY-MM-DD HH:MM:SS+HH:MM)',
    `Input dataset id for template: Input template bulk [template id: ${world.inputTemplate}]`,
    'Input resource: config',
    'Input resource: extra',
    `Output dataset id for template: Flows, daily [template id: ${outputTemplate}]`,
    'Output resource: summary',
    'annotation: region',
    'annotation: note',
    '_job_id',
    '_job_status',
    '_model_run_record_id',
    '_error_info',
  ];
}

/** A CSV line as Python's csv.writer quotes it. */
const csvLine = (cells: string[]) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',') + '\r\n';

/** One row, by header; the cells not given are empty. */
function row(cells: Record<string, string>, headers = expectedHeaders()): string[] {
  return headers.map((h) => cells[h] ?? '');
}

function filledRow(overrides: Record<string, string> = {}): Record<string, string> {
  const h = expectedHeaders();
  return {
    [h[1]!]: 'Calibration 1',
    [h[2]!]: 'First calibration run',
    [h[3]!]: 'v2.1',
    [h[4]!]: world.person,
    [h[5]!]: world.study,
    [h[6]!]: '2024-01-01 00:00:00+10:00',
    [h[7]!]: '2024-01-01 01:30:00+10:00',
    [h[8]!]: world.inputDataset,
    [h[9]!]: 'run.yaml',
    [h[10]!]: 'extra.txt',
    [h[11]!]: world.outputDataset,
    [h[12]!]: 'out/summary.csv',
    [h[13]!]: 'murray',
    [h[14]!]: 'first go',
    ...overrides,
  };
}

const csvOf = (rows: string[][], headers = expectedHeaders()) => [headers, ...rows].map(csvLine).join('');

/** The request httpx makes for files={"csv_file": ("upload.csv", bytes, "text/csv")}. */
async function upload(content: string | Buffer, options: { field?: string; filename?: string | null; caller?: keyof TestServer['credentials'] } = {}): Promise<Reply> {
  const boundary = randomBytes(16).toString('hex');
  const field = options.field ?? 'csv_file';
  const disposition = options.filename === null ? `form-data; name="${field}"` : `form-data; name="${field}"; filename="${options.filename ?? 'upload.csv'}"`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${options.filename === null ? '' : 'Content-Type: text/csv\r\n'}\r\n`),
    typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await fetch(`${server.url}${BASE}/bulk/convert_model_runs/csv`, {
    method: 'POST',
    headers: { ...bearer(server, options.caller ?? 'reader'), 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length) },
    body,
  });
  const reply = { status: res.status, headers: res.headers, body: await res.json() } as Reply;
  // handle_response_with_status: a 200 must parse as the model and say success, or the client raises.
  if (reply.status === 200) {
    assertProvenaShape(reply.body, 'provenance-api', 'ConvertModelRunsResponse');
    assert.equal(reply.body.status.success, true, reply.body.status.details);
  }
  return reply;
}

/** validated_get_request, then response.text: the CSV routes are read as text whatever they hold. */
async function getCsv(url: string, caller: 'reader' | 'writer' | 'admin' | 'anonymous'): Promise<Reply> {
  const res = await fetch(`${server.url}${url}`, { headers: caller === 'anonymous' ? {} : bearer(server, caller) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: res.status === 200 ? text : JSON.parse(text) };
}

async function expect400(content: string | Buffer, detail: string | RegExp) {
  const res = await upload(content);
  assert.equal(res.status, 400, JSON.stringify(res.body));
  if (typeof detail === 'string') assert.equal(res.body.detail, detail);
  else assert.match(res.body.detail, detail);
}

async function template(id: string, caller: 'reader' | 'anonymous' = 'reader') {
  return getCsv(`${BASE}/bulk/generate_template/csv?workflow_template_id=${encodeURIComponent(id)}`, caller);
}

describe('GET /bulk/generate_template/csv', () => {
  it('writes the header row Provena writes, byte for byte, as an attachment', async () => {
    const res = await template(workflow);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="test.csv"');
    const expected = expectedHeaders();
    assert.equal(res.body, `${expected.slice(0, 11).join(',')},"${expected[11]}",${expected.slice(12).join(',')}\r\n`);
  });

  it('refuses what Provena refuses with its words', async () => {
    const unknown = randomUUID();
    const missing = await template(unknown);
    assert.equal(missing.status, 400);
    assert.match(missing.body.detail, new RegExp(`^The provided workflow template ID was invalid, error: .*${unknown}.*\\.$`));
    const wrongKind = await template(world.inputDataset);
    assert.equal(wrongKind.status, 400);
    assert.match(wrongKind.body.detail, /^The provided workflow template ID was invalid, error: /);

    // A workflow naming a template that is gone (the registry would refuse to create it, so it is written directly).
    const ghost = randomUUID();
    const broken = randomUUID();
    await server.ctx.db.transaction().execute((tx) =>
      insertRegistryItem(tx, {
        id: broken,
        kind: 'workflow-templates',
        body: { display_name: 'Broken', software_id: world.model, input_templates: [{ template_id: ghost }], output_templates: [] },
        createdBy: null,
        now: new Date(),
      }),
    );
    const gone = await template(broken);
    assert.equal(gone.status, 400);
    assert.match(gone.body.detail, new RegExp(`^The provided workflow template contained a dataset template id ${ghost} which was invalid, error: `));

    // Two templates with the same deferred key give the same column twice: Provena answers 500, runledger 400.
    const twin = await create(server, 'dataset-templates', {
      display_name: 'Twin',
      defined_resources: [],
      deferred_resources: [{ key: 'config', description: 'another config', usage_type: 'CONFIG_FILE' }],
    });
    const clash = await create(server, 'workflow-templates', {
      display_name: 'Clash',
      software_id: world.model,
      input_templates: [{ template_id: world.inputTemplate }, { template_id: twin }],
      output_templates: [],
    });
    const duplicate = await template(clash);
    assert.equal(duplicate.status, 400);
    assert.equal(duplicate.body.detail, "Cannot generate CSV template with duplicate headers: ['Input resource: config']");
  });

  it('needs the query parameter (422) and a reader (401)', async () => {
    const bare = await server.requestAs('reader', 'GET', `${BASE}/bulk/generate_template/csv`);
    assert.equal(bare.status, 422);
    assert.deepEqual(bare.body.detail[0].loc, ['query', 'workflow_template_id']);
    const anonymous = await template(workflow, 'anonymous');
    assert.equal(anonymous.status, 401);
    assert.deepEqual(anonymous.body, { detail: 'Not authenticated' });
  });
});

describe('POST /bulk/convert_model_runs/csv', () => {
  it('converts a filled-in template into records that lodge, with warnings and existing runs', async () => {
    const downloaded = (await template(workflow)).body;
    const h = expectedHeaders();
    // A run already submitted through /model_run/register: its row carries the job's session id.
    const registered = await call(server, 'writer', 'POST', `${BASE}/model_run/register`, world.record());
    assert.equal(registered.status, 200, JSON.stringify(registered.body));
    const jobId = registered.body.session_id as string;
    const rows = [
      // Cells padded with spaces, as a spreadsheet may leave them: Provena strips them.
      row(filledRow({ [h[13]!]: '  murray  ', [h[1]!]: ' Calibration 1 ' })),
      // Optional cells left empty, and a date written with slashes.
      row(filledRow({ [h[1]!]: 'Calibration 2', [h[3]!]: '', [h[5]!]: '', [h[10]!]: '', [h[14]!]: '', [h[6]!]: '2024/01/02 09:00:00+00:00', [h[7]!]: '2024/01/02 09:00:00+00:00' })),
      // A run submitted before: only its job id is reported.
      row({ ...filledRow(), '_job_id': jobId, '_job_status': 'SUCCEEDED' }),
    ];
    // The user appended a column of their own.
    const content = downloaded.replace(/\r\n$/, ',my notes\r\n') + rows.map((r) => csvLine([...r, 'ignored'])).join('');
    assert.equal(downloaded + rows.map(csvLine).join(''), csvOf(rows), 'the downloaded header row is the one filled in');
    const res = await upload(content);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assertProvenaShape(res.body, 'provenance-api', 'ConvertModelRunsResponse');
    assert.deepEqual(res.body.status, { success: true, details: 'Successfully generated model run records. There were 1 warnings.' });
    assert.deepEqual(res.body.warnings, ["Extra column with header 'my notes' provided, ignoring"]);
    assert.deepEqual(res.body.existing_records, [jobId]);

    const first = {
      workflow_template_id: workflow,
      model_version: 'v2.1',
      inputs: [{ dataset_template_id: world.inputTemplate, dataset_id: world.inputDataset, dataset_type: 'DATA_STORE', resources: { config: 'run.yaml', extra: 'extra.txt' } }],
      outputs: [{ dataset_template_id: outputTemplate, dataset_id: world.outputDataset, dataset_type: 'DATA_STORE', resources: { summary: 'out/summary.csv' } }],
      annotations: { region: 'murray', note: 'first go' },
      display_name: 'Calibration 1',
      description: 'First calibration run',
      study_id: world.study,
      associations: { modeller_id: world.person },
      start_time: 1_704_031_200, // 2023-12-31T14:00:00Z
      end_time: 1_704_036_600,
    };
    const second = {
      workflow_template_id: workflow,
      inputs: [{ dataset_template_id: world.inputTemplate, dataset_id: world.inputDataset, dataset_type: 'DATA_STORE', resources: { config: 'run.yaml' } }],
      outputs: first.outputs,
      annotations: { region: 'murray' },
      display_name: 'Calibration 2',
      description: 'First calibration run',
      associations: { modeller_id: world.person },
      start_time: 1_704_186_000, // 2024-01-02T09:00:00Z
      end_time: 1_704_186_000,
    };
    assert.deepEqual(res.body.new_records, [first, second]);

    for (const record of res.body.new_records) {
      const lodged = await server.requestAs('writer', 'POST', '/model_run/register_complete', record);
      assert.equal(lodged.status, 200, JSON.stringify(lodged.body));
      assert.deepEqual(lodged.body.record_info.record, record);
    }
  });

  it('reads a time without an offset as the server local time, and one in Z as UTC', async () => {
    const h = expectedHeaders();
    const res = await upload(csvOf([row(filledRow({ [h[6]!]: '2024-03-04 05:06:07', [h[7]!]: '2024-03-04T05:06:07.5Z' }))]));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.new_records[0].start_time, new Date(2024, 2, 4, 5, 6, 7).getTime() / 1000);
    assert.equal(res.body.new_records[0].end_time, Date.UTC(2024, 2, 4, 5, 6, 7) / 1000);
  });

  it('accepts a file with a byte order mark and LF line ends', async () => {
    const res = await upload(`\ufeff${csvOf([row(filledRow())]).replaceAll('\r\n', '\n')}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.new_records.length, 1);
  });

  it('refuses files Provena refuses, with its words', async () => {
    const h = expectedHeaders();
    const parse = 'An error occurred while parsing the uploaded csv file - are you sure it is valid? Exception: ';
    await expect400(Buffer.from([0x64, 0xff, 0xfe, 0x0a]), new RegExp(`^${parse.replace('?', '\\?')}`));
    await expect400(csvOf([row(filledRow())], [...h, 'description']), `${parse}Duplicate headers are not allowed. Detected duplicates: ['description']..`);
    await expect400(csvOf([]), 'The provided CSV had no non header rows.');
    await expect400(
      csvOf([row(filledRow(), h.slice(1))], h.slice(1)),
      'None of the provided headers matched the expected workflow template flag to identify the workflow template.',
    );
    await expect400(
      csvOf([row(filledRow(), [...h, `_workflow template id ${world.workflow}`])], [...h, `_workflow template id ${world.workflow}`]),
      'Multiple provided headers matched the expected workflow template flag to identify the workflow template.',
    );
    const unknown = randomUUID();
    const otherFlag = [`_workflow template id ${unknown}`, ...h.slice(1)];
    await expect400(csvOf([row(filledRow(), otherFlag)], otherFlag), new RegExp(`^The provided workflow template ID was invalid, error: .*${unknown}`));
    const noNote = h.filter((x) => x !== 'annotation: note');
    await expect400(csvOf([row(filledRow(), noNote)], noNote), 'Header validation error in CSV: CSV has no header for note annotation.');
    const noStart = h.filter((x) => !x.startsWith('execution start'));
    await expect400(csvOf([row({}, noStart)], noStart), "Header validation error in CSV: Expected header 'execution start time (YYYY-MM-DD HH:MM:SS+HH:MM)' not in headers!");
    const noSummary = h.filter((x) => x !== 'Output resource: summary');
    await expect400(csvOf([row({}, noSummary)], noSummary), 'Header validation error in CSV: Expected dataset template header Output resource: summary not in provided headers.');
    const noJob = h.filter((x) => x !== '_job_status');
    await expect400(csvOf([row({}, noJob)], noJob), 'Header validation error in CSV: CSV is missing expected status header _job_status.');

    const conversion = (n: number, exception: string) => `There was an error while converting the CSV row for model run #${n} into a model run record, exception: ${exception}.`;
    await expect400(
      csvOf([row(filledRow()), row(filledRow({ [h[8]!]: 'nope' }))]),
      /^The provided workflow template contained a dataset id nope which was invalid, error: .*nope.*\.$/,
    );
    await expect400(csvOf([row(filledRow({ [h[11]!]: world.person }))]), new RegExp(`^The provided workflow template contained a dataset id ${world.person} which was invalid`));
    await expect400(csvOf([row(filledRow({ [h[12]!]: '   ' }))]), conversion(1, "Expected a path for the deferred resource 'summary' in the column 'Output resource: summary'"));
    await expect400(csvOf([row(filledRow({ [h[13]!]: ' ' }))]), 'Required annotation with key region was either empty or None.');
    const timeFault = 'Validation error when parsing provided time, expected format: YYYY-MM-DD HH:MM:SS+HH:MM.';
    for (const bad of ['01/02/2024 10:00', '2024-02-30 00:00:00+00:00', '2024-01-01 24:00:00', '2024-01-01 00:00:00+24:00', ''])
      await expect400(csvOf([row(filledRow()), row(filledRow({ [h[6]!]: bad }))]), conversion(2, timeFault));
    await expect400(csvOf([row(filledRow({ [h[6]!]: '1969-12-31 23:59:59+00:00' }))]), /^There was an error while converting the CSV row for model run #1 .*outside the years 1970 to 9999/);
    await expect400(
      csvOf([row(filledRow({ [h[6]!]: '2024-01-01 02:00:00+00:00', [h[7]!]: '2024-01-01 01:00:00+00:00' }))]),
      conversion(
        1,
        "1 validation error for ModelRunRecord\n__root__\n  The 'start_time' value (1704074400) must be smaller than or equal to the 'end_time' value (1704070800). (type=value_error)",
      ),
    );
    await expect400(csvOf([row(filledRow({ [h[1]!]: '' }))]), conversion(1, 'Expected display name to be non-empty string.'));
    await expect400(csvOf([row(filledRow({ [h[2]!]: '' }))]), conversion(1, 'Expected description to be non-empty string.'));
    await expect400(csvOf([row({ ...filledRow(), _job_id: 'not-a-uuid' })]), "Provided (job_id = 'not-a-uuid') was not a valid UUID4 identitifer.");
    const unknownJob = randomUUID();
    await expect400(
      csvOf([row({ ...filledRow(), _job_id: unknownJob })]),
      `The (job_id = '${unknownJob}') is a valid UUID4 identifier but does not exist in the job status database.`,
    );
    await expect400(csvOf([row(filledRow()).slice(0, 5)]), conversion(1, `the row has 5 cells where the header row has ${h.length}`));
  });

  it('answers a request that does not carry the file as FastAPI does', async () => {
    const good = csvOf([row(filledRow())]);
    const otherField = await upload(good, { field: 'file' });
    assert.equal(otherField.status, 422);
    assert.deepEqual(otherField.body.detail, [{ loc: ['body', 'csv_file'], msg: 'field required', type: 'value_error.missing' }]);
    const asText = await upload(good, { filename: null });
    assert.equal(asText.status, 422);
    assert.deepEqual(asText.body.detail[0].loc, ['body', 'csv_file']);

    const json = await server.requestAs('reader', 'POST', `${BASE}/bulk/convert_model_runs/csv`, { csv_file: good });
    assert.equal(json.status, 422);
    const noBoundary = await server.requestAs('reader', 'POST', `${BASE}/bulk/convert_model_runs/csv`, good, { 'content-type': 'multipart/form-data' });
    assert.equal(noBoundary.status, 400);
    assert.deepEqual(noBoundary.body, { detail: 'There was an error parsing the body' });
    const plain = await server.requestAs('reader', 'POST', `${BASE}/bulk/convert_model_runs/csv`, good, { 'content-type': 'text/plain' });
    assert.equal(plain.status, 422, 'no form in a text body: the file is missing, as in FastAPI');

    const tooLarge = await upload(good + '#'.repeat(BODY_LIMIT));
    assert.equal(tooLarge.status, 413, JSON.stringify(tooLarge.body));
    const anonymous = await fetch(`${server.url}${BASE}/bulk/convert_model_runs/csv`, { method: 'POST', body: new FormData() });
    assert.equal(anonymous.status, 401);
  });

  it('leaves multipart bodies unparsed everywhere else', async () => {
    const form = new FormData();
    form.append('display_name', 'x');
    const registry = await fetch(`${server.url}/registry/persons`, { method: 'POST', headers: server.credentials.writer, body: form });
    assert.equal(registry.status, 415);
    const json = await server.requestAs('writer', 'POST', '/registry/organisations', { display_name: 'Still JSON', name: 'x' });
    assert.equal(json.status, 201);
  });
});

describe('GET /bulk/regenerate_from_batch/csv', () => {
  async function regenerate(batchId: string, caller: 'reader' | 'writer' | 'admin' = 'writer') {
    return getCsv(`${BASE}/bulk/regenerate_from_batch/csv?batch_id=${encodeURIComponent(batchId)}`, caller);
  }

  /** The client's round trip: convert the file, register the records as a batch, wait for the batch's jobs. */
  async function submitBatch(content: string) {
    const converted = await upload(content, { caller: 'writer' });
    assert.equal(converted.status, 200, JSON.stringify(converted.body));
    const submitted = await call(server, 'writer', 'POST', `${BASE}/model_run/register_batch`, { records: converted.body.new_records });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const batchId = (await awaitSuccess(server, 'writer', submitted.body.session_id)).result.batch_id as string;
    const listed = await call(server, 'writer', 'POST', '/provena/jobs/jobs/user/list_batch', { batch_id: batchId, limit: 100 });
    const jobs = await Promise.all(listed.body.jobs.map((j: { session_id: string }) => awaitJob(server, 'writer', j.session_id)));
    return { batchId, records: converted.body.new_records, jobs };
  }

  it('writes the batch back as the filled-in template, one row per job with its status, in submission order', async () => {
    const h = expectedHeaders();
    const { batchId, records, jobs } = await submitBatch(
      csvOf([
        row(filledRow({ [h[1]!]: 'Batch run 1', [h[10]!]: '' })),
        // The conversion does not check the modeller; the batch's job for this row fails.
        row(filledRow({ [h[1]!]: 'Batch run 2, unknown modeller', [h[4]!]: 'nobody', [h[3]!]: '', [h[14]!]: '' })),
      ]),
    );
    const res = await regenerate(batchId);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="model_runs.csv"');
    const text = res.body as string;
    assert.ok(text.startsWith((await template(workflow)).body as string), 'the header row is the template');
    assert.ok(text.endsWith('\r\n'));
    const [headers, ...rows] = parse(text) as string[][];
    assert.deepEqual(headers, h);
    assert.equal(rows.length, 2);
    const byName = new Map(jobs.map((j) => [j.payload.record.display_name, j]));
    rows.forEach((cells, i) => {
      const record = records[i];
      const job = byName.get(record.display_name);
      const at = (header: string) => cells[h.indexOf(header)];
      assert.equal(at(h[0]!), '');
      assert.deepEqual(
        [h[1], h[2], h[3], h[4], h[5]].map((x) => at(x!)),
        [record.display_name, record.description, record.model_version ?? '', record.associations.modeller_id, record.study_id ?? ''],
      );
      for (const [header, seconds] of [[h[6]!, record.start_time], [h[7]!, record.end_time]] as const) {
        assert.match(at(header)!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
        assert.equal(Date.parse(at(header)!.replace(' ', 'T')) / 1000, seconds);
      }
      assert.deepEqual([h[8], h[9], h[10]].map((x) => at(x!)), [world.inputDataset, 'run.yaml', record.inputs[0].resources.extra ?? '']);
      assert.deepEqual([h[11], h[12]].map((x) => at(x!)), [world.outputDataset, 'out/summary.csv']);
      assert.deepEqual([h[13], h[14]].map((x) => at(x!)), ['murray', record.annotations.note ?? '']);
      assert.equal(at('_job_id'), job.session_id);
      assert.equal(at('_job_status'), job.status);
      assert.equal(at('_model_run_record_id'), job.status === 'SUCCEEDED' ? job.result.record.id : '');
      assert.equal(at('_error_info'), job.status === 'FAILED' ? job.info : '');
    });
    assert.deepEqual(rows.map((r) => r[h.indexOf('_job_status')]), ['SUCCEEDED', 'FAILED']);
    assert.match(rows[1]![h.indexOf('_error_info')]!, /Modeller with id nobody was not a valid person/);

    // Uploaded again, every row is a run already submitted.
    const again = await upload(text, { caller: 'writer' });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.deepEqual(again.body.new_records, []);
    assert.deepEqual(again.body.existing_records, rows.map((r) => r[h.indexOf('_job_id')]));
  });

  it('refuses batches it cannot write as one template', async () => {
    const unknown = randomUUID();
    const missing = await regenerate(unknown);
    assert.deepEqual([missing.status, missing.body], [400, { detail: `The specified batch ID ${unknown} contained no jobs.` }]);

    // A batch of the writer's, asked for by someone else.
    const { batchId } = await submitBatch(csvOf([row(filledRow({ [h1()]: 'Batch run 3' }))]));
    const other = await regenerate(batchId, 'admin');
    assert.equal(other.status, 401);
    assert.deepEqual(other.body, { detail: 'Batch contains items which you do not own. Not authorised.' });

    // Records of two workflows in one batch.
    const mixed = await call(server, 'writer', 'POST', `${BASE}/model_run/register_batch`, {
      records: [world.record(), { ...world.record(), workflow_template_id: workflow, outputs: [{ dataset_template_id: outputTemplate, dataset_id: world.outputDataset, dataset_type: 'DATA_STORE', resources: { summary: 's' } }] }],
    });
    const mixedBatch = (await awaitSuccess(server, 'writer', mixed.body.session_id)).result.batch_id;
    const two = await regenerate(mixedBatch);
    assert.deepEqual([two.status, two.body], [400, { detail: `The specified batch ID ${mixedBatch} contained jobs with more than one workflow template IDs.` }]);

    // A batch holding a job that is not a model run lodge (written directly: no route makes one).
    const odd = randomUUID();
    const me = await call(server, 'writer', 'GET', '/provena/jobs/check-access/check-general-access');
    const owner = (await server.ctx.db.selectFrom('provena_jobs').select('owner_id').where('batch_id', '=', batchId).executeTakeFirstOrThrow()).owner_id;
    await insertJobs(server.ctx.db, [
      {
        session_id: randomUUID(),
        batch_id: odd,
        username: me.body.username,
        owner_id: owner,
        job_type: 'PROV_LODGE',
        job_sub_type: 'MODEL_RUN_UPDATE',
        status: 'SUCCEEDED',
        payload: JSON.stringify({ record: world.record() }),
        created_at: new Date(),
        updated_at: new Date(),
      },
    ]);
    const notLodge = await regenerate(odd);
    assert.deepEqual([notLodge.status, notLodge.body], [400, { detail: `The specified batch ID ${odd} contained jobs with non model run lodge job types.` }]);

    // Anything prov-api accepted is written back, a run before 1970 included (its job fails; the row says so).
    const early = await call(server, 'writer', 'POST', `${BASE}/model_run/register_batch`, {
      records: [{ ...world.record(), start_time: -86_400, end_time: 0, study_id: '', model_version: '' }],
    });
    assert.equal(early.status, 200, JSON.stringify(early.body));
    const earlyBatch = (await awaitSuccess(server, 'writer', early.body.session_id)).result.batch_id;
    const earlyCsv = await regenerate(earlyBatch);
    assert.equal(earlyCsv.status, 200, JSON.stringify(earlyCsv.body));
    const [earlyHeaders, earlyRow] = parse(earlyCsv.body as string) as string[][];
    const startCell = earlyRow![earlyHeaders!.findIndex((x) => x.startsWith('execution start time'))]!;
    assert.equal(Date.parse(startCell.replace(' ', 'T')) / 1000, -86_400);

    const bare = await call(server, 'writer', 'GET', `${BASE}/bulk/regenerate_from_batch/csv`);
    assert.equal(bare.status, 422);
  });
});

function h1(): string {
  return expectedHeaders()[1]!;
}
