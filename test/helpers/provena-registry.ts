// Requests as provenaclient sends them to Provena's registry and data store, and the reply models it parses
// them with (provena-interfaces-v2 RegistryAPI / RegistryModels / DataStoreAPI), stated as JSON Schema.
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { TestServer, Caller } from './server.js';

export const REG = '/provena/registry';
export const DS = '/provena/datastore';

const ajv = new Ajv.default({ strict: false, allErrors: true });
addFormats.default(ajv);

const Status = { type: 'object', required: ['success', 'details'], properties: { success: { type: 'boolean' }, details: { type: 'string' } } };
const RecordInfo = {
  type: 'object',
  required: ['id', 'owner_username', 'created_timestamp', 'updated_timestamp', 'item_category', 'item_subtype', 'record_type'],
  properties: {
    id: { type: 'string' },
    owner_username: { type: 'string' },
    created_timestamp: { type: 'integer' },
    updated_timestamp: { type: 'integer' },
    item_category: { enum: ['ACTIVITY', 'AGENT', 'ENTITY'] },
    item_subtype: { type: 'string' },
    record_type: { enum: ['SEED_ITEM', 'COMPLETE_ITEM'] },
    workflow_links: { type: ['object', 'null'] },
    versioning_info: {
      anyOf: [{ type: 'null' }, { type: 'object', required: ['version'], properties: { version: { type: 'integer' }, previous_version: { type: 'string' }, next_version: { type: 'string' } } }],
    },
  },
};
const History = {
  type: 'array',
  items: { type: 'object', required: ['id', 'timestamp', 'reason', 'username', 'item'], properties: { id: { type: 'integer' }, timestamp: { type: 'integer' }, reason: { type: 'string' }, username: { type: 'string' }, item: { type: 'object' } } },
};
const Complete = { allOf: [RecordInfo, { type: 'object', required: ['display_name', 'history'], properties: { display_name: { type: 'string' }, history: History } }] };
const PaginationKey = { type: ['object', 'null'] };

export const REPLY_SCHEMAS = {
  StatusResponse: { type: 'object', required: ['status'], properties: { status: Status } },
  FetchResponse: {
    type: 'object',
    required: ['status'],
    properties: { status: Status, item: { anyOf: [Complete, RecordInfo] }, roles: { type: 'array', items: { type: 'string' } }, locked: { type: 'boolean' }, item_is_seed: { type: 'boolean' } },
  },
  CreateResponse: { type: 'object', required: ['status'], properties: { status: Status, created_item: Complete, register_create_activity_session_id: { type: 'string' } } },
  SeedResponse: { type: 'object', required: ['status'], properties: { status: Status, seeded_item: RecordInfo } },
  ListResponse: {
    type: 'object',
    required: ['status', 'items', 'seed_items', 'unparsable_items', 'total_item_count', 'complete_item_count', 'seed_item_count', 'unparsable_item_count', 'not_authorised_count', 'pagination_key'],
    properties: { status: Status, items: { type: 'array', items: Complete }, seed_items: { type: 'array', items: RecordInfo }, pagination_key: PaginationKey },
  },
  PaginatedListResponse: { type: 'object', required: ['status', 'items', 'total_item_count'], properties: { status: Status, items: { type: 'array', items: { type: 'object' } }, total_item_count: { type: 'integer' }, pagination_key: PaginationKey } },
  UntypedFetchResponse: { type: 'object', required: ['status'], properties: { status: Status, item: { type: 'object' } } },
  VersionResponse: { type: 'object', required: ['new_version_id', 'version_job_session_id'], properties: { new_version_id: { type: 'string' }, version_job_session_id: { type: 'string' } } },
  LockStatusResponse: { type: 'object', required: ['status', 'locked'], properties: { status: Status, locked: { type: 'boolean' } } },
  LockHistoryResponse: { type: 'object', required: ['status', 'history'], properties: { status: Status, history: { type: 'array' } } },
  DescribeAccessResponse: { type: 'object', required: ['roles'], properties: { roles: { type: 'array', items: { type: 'string' } } } },
  AuthRolesResponse: {
    type: 'object',
    required: ['roles'],
    properties: { roles: { type: 'array', items: { type: 'object', required: ['role_display_name', 'role_name', 'description', 'also_grants'] } } },
  },
  RegistryExportResponse: {
    type: 'object',
    required: ['status', 'items'],
    properties: { status: Status, items: { type: 'array', items: { type: 'object', required: ['id', 'item_payload', 'auth_payload', 'lock_payload'] } } },
  },
  RegistryImportResponse: {
    type: 'object',
    required: ['status', 'trial_mode'],
    properties: {
      status: Status,
      trial_mode: { type: 'boolean' },
      statistics: { type: 'object', required: ['old_registry_size', 'new_registry_size', 'deleted_entries', 'overwritten_entries', 'new_entries'] },
      failure_list: { type: 'array', items: { type: 'array', minItems: 2, maxItems: 2 } },
    },
  },
  MintResponse: {
    type: 'object',
    required: ['status'],
    properties: { status: Status, handle: { type: 'string' }, s3_location: { type: 'object', required: ['bucket_name', 'path', 's3_uri'] }, register_create_activity_session_id: { type: 'string' } },
  },
  UpdateMetadataResponse: { type: 'object', required: ['status', 'handle', 's3_location'], properties: { status: Status, handle: { type: 'string' } } },
  RegistryFetchResponse: { type: 'object', required: ['status'], properties: { status: Status, item: Complete, roles: { type: 'array' }, locked: { type: 'boolean' } } },
} as const;

export type ReplyModel = keyof typeof REPLY_SCHEMAS;
const compiled = new Map<ReplyModel, ReturnType<typeof ajv.compile>>();

/** Asserts HTTP 200 and that the body parses as the client's reply model; returns the body. */
export function parsed<T = any>(res: { status: number; body: unknown }, model: ReplyModel, success = true): T {
  assert.equal(res.status, 200, JSON.stringify(res.body));
  let validate = compiled.get(model);
  if (!validate) compiled.set(model, (validate = ajv.compile(REPLY_SCHEMAS[model])));
  assert.ok(validate(res.body), `${model}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(res.body)}`);
  const status = (res.body as { status?: { success: boolean } }).status;
  if (status) assert.equal(status.success, success, JSON.stringify(res.body));
  return res.body as T;
}

export const P = {
  organisation: '/registry/agent/organisation',
  person: '/registry/agent/person',
  model: '/registry/entity/model',
  workflow: '/registry/entity/model_run_workflow',
  datasetTemplate: '/registry/entity/dataset_template',
  dataset: '/registry/entity/dataset',
  study: '/registry/activity/study',
  modelRun: '/registry/activity/model_run',
} as const;

/** A registry-api call as the client makes it (ids always in the query, URL-encoded). */
export function reg(server: TestServer, caller: Caller, method: string, path: string, body?: unknown) {
  return server.requestAs(caller, method, `${REG}${path}`, body);
}
export const q = (params: Record<string, string | number | boolean>) =>
  '?' + Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');

export async function createVia(server: TestServer, prefix: string, body: Record<string, unknown>, caller: Caller = 'writer'): Promise<string> {
  const res = parsed(await reg(server, caller, 'POST', `${prefix}/create`, body), 'CreateResponse');
  return res.created_item.id as string;
}

/** CollectionFormat as the client serialises it (exclude_none: unset optionals absent). */
export function collectionFormat(organisation: string, overrides: Record<string, unknown> = {}) {
  const check = { relevant: false, obtained: false };
  return {
    associations: { organisation_id: organisation },
    approvals: { ethics_registration: check, ethics_access: check, indigenous_knowledge: check, export_controls: check },
    dataset_info: {
      name: 'Rainfall 2020',
      description: 'Daily rainfall',
      access_info: { reposited: true },
      publisher_id: organisation,
      created_date: { relevant: true, value: '2020-01-01' },
      published_date: { relevant: false },
      license: 'https://creativecommons.org/licenses/by/4.0/',
      keywords: ['rain'],
      ...overrides,
    },
  };
}

/** Every Provena kind of item a model run record names, made through Provena's routes. */
export async function buildProvenaRegistryWorld(server: TestServer) {
  const organisation = await createVia(server, P.organisation, { display_name: 'Example Lab', name: 'Example Lab', ror: 'https://ror.org/00example' });
  const person = await createVia(server, P.person, { display_name: 'Grace Hopper', email: 'grace@example.org', first_name: 'Grace', last_name: 'Hopper', ethics_approved: true });
  const model = await createVia(server, P.model, { display_name: 'Hydro', name: 'hydro', description: 'A model', documentation_url: 'https://example.org/docs', source_url: 'https://example.org/src' });
  const inputTemplate = await createVia(server, P.datasetTemplate, {
    display_name: 'Input template',
    defined_resources: [{ path: 'forcing.nc', description: 'forcing', usage_type: 'FORCING_DATA' }],
    deferred_resources: [{ key: 'config', description: 'run config', usage_type: 'CONFIG_FILE' }],
  });
  const outputTemplate = await createVia(server, P.datasetTemplate, { display_name: 'Output template' });
  const workflow = await createVia(server, P.workflow, {
    display_name: 'Workflow',
    software_id: model,
    input_templates: [{ template_id: inputTemplate }],
    output_templates: [{ template_id: outputTemplate }],
    annotations: { required: ['region'], optional: [] },
  });
  const study = await createVia(server, P.study, { display_name: 'Study', title: 'Catchment study', description: 'd' });
  const mint = async (name: string) =>
    parsed(await server.requestAs('writer', 'POST', `${DS}/register/mint-dataset`, collectionFormat(organisation, { name })), 'MintResponse').handle as string;
  const inputDataset = await mint('Input data');
  const outputDataset = await mint('Output data');
  return { organisation, person, model, inputTemplate, outputTemplate, workflow, study, inputDataset, outputDataset };
}

export type RegistryWorld = Awaited<ReturnType<typeof buildProvenaRegistryWorld>>;

export function recordFor(w: RegistryWorld) {
  return {
    workflow_template_id: w.workflow,
    inputs: [{ dataset_template_id: w.inputTemplate, dataset_id: w.inputDataset, dataset_type: 'DATA_STORE', resources: { config: 'run.yaml' } }],
    outputs: [{ dataset_template_id: w.outputTemplate, dataset_id: w.outputDataset, dataset_type: 'DATA_STORE' }],
    annotations: { region: 'murray' },
    display_name: 'Run',
    description: 'A calibration run',
    study_id: w.study,
    associations: { modeller_id: w.person, requesting_organisation_id: w.organisation },
    start_time: 1_700_000_000,
    end_time: 1_700_003_600,
  };
}
