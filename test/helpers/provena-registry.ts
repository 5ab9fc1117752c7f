// Requests as provenaclient sends them to Provena's registry and data store, and a check of each reply
// against the model the client parses it with (test/fixtures/provena).
import assert from 'node:assert/strict';
import { assertProvenaShape, type ProvenaSchemaFile } from './provena-schemas.js';
import type { TestServer, Caller } from './server.js';

export const REG = '/provena/registry';
export const DS = '/provena/datastore';

const FILE_OF: Record<string, ProvenaSchemaFile> = {
  StatusResponse: 'shared',
  MintResponse: 'data-store-api',
  UpdateMetadataResponse: 'data-store-api',
  RegistryFetchResponse: 'data-store-api',
};

/** The subtype's model-name stem (RegistryAPI.py names replies `<Stem>FetchResponse` and items `Item<Stem>`). */
export const STEM: Record<string, string> = {
  '/registry/agent/organisation': 'Organisation',
  '/registry/agent/person': 'Person',
  '/registry/entity/model': 'Model',
  '/registry/entity/model_run_workflow': 'ModelRunWorkflowTemplate',
  '/registry/entity/dataset_template': 'DatasetTemplate',
  '/registry/entity/dataset': 'Dataset',
  '/registry/activity/study': 'Study',
  '/registry/activity/model_run': 'ModelRun',
};

/** The reply model of a subtype route, e.g. reply(P.study, 'Fetch') = StudyFetchResponse. */
export const reply = (prefix: string, action: 'Fetch' | 'List' | 'Create' | 'Seed') => `${STEM[prefix]}${action}Response`;

/**
 * Asserts HTTP 200, that the body parses as the client's reply model (test/fixtures/provena) and, for typed
 * fetches and lists, that each complete item parses as its Item<Sub> (a fetch union also admits a seed).
 */
export function parsed<T = any>(res: { status: number; body: unknown }, model: string, success = true): T {
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assertProvenaShape(res.body, FILE_OF[model] ?? 'registry-api', model);
  const body = res.body as { status?: { success: boolean }; item?: { record_type?: string }; items?: unknown[]; created_item?: unknown };
  if (body.status) assert.equal(body.status.success, success, JSON.stringify(res.body));
  const typed = /^(\w+?)(Fetch|List|Create)Response$/.exec(model);
  const stem = typed?.[1] === 'Registry' ? 'Dataset' : typed?.[1];
  if (stem && Object.values(STEM).includes(stem)) {
    const items = [...(body.items ?? []), ...(body.created_item ? [body.created_item] : []), ...(body.item?.record_type === 'COMPLETE_ITEM' ? [body.item] : [])];
    for (const item of items) assertProvenaShape(item, 'registry-models', `Item${stem}`);
  }
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
  const res = parsed(await reg(server, caller, 'POST', `${prefix}/create`, body), reply(prefix, 'Create'));
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
