// A registry with everything a model run record refers to, made through the HTTP API.
import assert from 'node:assert/strict';
import type { TestServer } from './server.js';

export async function create(server: TestServer, kind: string, body: Record<string, unknown>): Promise<string> {
  const res = await server.request('POST', `/registry/${kind}`, body);
  assert.equal(res.status, 201, `creating ${kind}: ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export interface ProvenaWorld {
  person: string;
  organisation: string;
  model: string;
  study: string;
  inputTemplate: string;
  outputTemplate: string;
  workflow: string;
  inputDataset: string;
  outputDataset: string;
  record(overrides?: Record<string, unknown>): Record<string, any>;
}

export async function buildProvenaWorld(server: TestServer, tag = 'w'): Promise<ProvenaWorld> {
  const person = await create(server, 'persons', {
    display_name: `Modeller ${tag}`,
    email: 'modeller@example.org',
    first_name: 'Grace',
    last_name: 'Hopper',
  });
  const organisation = await create(server, 'organisations', { display_name: `Org ${tag}`, name: 'Example Lab' });
  const model = await create(server, 'models', {
    display_name: `Model ${tag}`,
    name: 'hydro',
    description: 'A hydrology model',
    documentation_url: 'https://example.org/docs',
    source_url: 'https://example.org/src',
  });
  const study = await create(server, 'studies', { display_name: `Study ${tag}`, title: 'Catchment study', description: 'd' });
  const inputTemplate = await create(server, 'dataset-templates', {
    display_name: `Input template ${tag}`,
    defined_resources: [{ path: 'forcing.nc', description: 'forcing', usage_type: 'FORCING_DATA' }],
    deferred_resources: [
      { key: 'config', description: 'run config', usage_type: 'CONFIG_FILE' },
      { key: 'extra', description: 'optional', usage_type: 'GENERAL_DATA', optional: true },
    ],
  });
  const outputTemplate = await create(server, 'dataset-templates', {
    display_name: `Output template ${tag}`,
    defined_resources: [],
    deferred_resources: [],
  });
  const workflow = await create(server, 'workflow-templates', {
    display_name: `Workflow ${tag}`,
    software_id: model,
    input_templates: [{ template_id: inputTemplate }],
    output_templates: [{ template_id: outputTemplate }],
    annotations: { required: ['region'], optional: ['note'] },
  });
  const dataset = (name: string) =>
    create(server, 'datasets', { display_name: name, description: name, publisher_id: organisation });
  const inputDataset = await dataset(`Input dataset ${tag}`);
  const outputDataset = await dataset(`Output dataset ${tag}`);

  const record = (overrides: Record<string, unknown> = {}) => ({
    workflow_template_id: workflow,
    inputs: [{ dataset_template_id: inputTemplate, dataset_id: inputDataset, dataset_type: 'DATA_STORE', resources: { config: 'run.yaml' } }],
    outputs: [{ dataset_template_id: outputTemplate, dataset_id: outputDataset, dataset_type: 'DATA_STORE' }],
    annotations: { region: 'murray' },
    display_name: `Run ${tag}`,
    description: 'A calibration run',
    study_id: study,
    associations: { modeller_id: person, requesting_organisation_id: organisation },
    start_time: 1_700_000_000,
    end_time: 1_700_003_600,
    ...overrides,
  });

  return { person, organisation, model, study, inputTemplate, outputTemplate, workflow, inputDataset, outputDataset, record };
}
